package dev.flotilla.console.fleet;

import java.time.Duration;

/** Exponential backoff: each failure doubles the wait, from {@code initial} up to {@code max}. */
public final class Backoff {

    public static final Duration INITIAL = Duration.ofMillis(500);
    public static final Duration MAX = Duration.ofSeconds(10);

    private final long initialMs;
    private final long maxMs;
    private long nextMs;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero()) throw new IllegalArgumentException("initial <= 0: " + initial);
        if (max.compareTo(initial) < 0) throw new IllegalArgumentException("max < initial: " + max);
        this.initialMs = initial.toMillis();
        this.maxMs = max.toMillis();
        this.nextMs = initialMs;
    }

    public static Backoff standard() {
        return new Backoff(INITIAL, MAX);
    }

    /** The wait before the next attempt; the one after is twice as long, capped. */
    public synchronized Duration next() {
        long now = nextMs;
        nextMs = Math.min(maxMs, nextMs * 2);
        return Duration.ofMillis(now);
    }

    /** After a success, the next failure starts small again. */
    public synchronized void reset() {
        nextMs = initialMs;
    }
}
