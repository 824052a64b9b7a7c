package dev.flotilla.runtime.resilience.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the wait before retry {@code n} (1 = the first retry) is
 * uniform in {@code [0, min(cap, base * 2^(n-1))]}. Full jitter rather than "half plus random"
 * because many runs retrying the same failed provider should spread out, not arrive in waves.
 */
public record Backoff(Duration base, Duration cap) {

    public Backoff {
        if (base.isNegative() || base.isZero()) throw new IllegalArgumentException("backoff base must be positive: " + base);
        if (cap.compareTo(base) < 0) throw new IllegalArgumentException("backoff cap < base: " + cap + " < " + base);
    }

    /** The ceiling of the wait before retry {@code n}: {@code min(cap, base * 2^(n-1))}, without overflow. */
    public Duration ceiling(int retry) {
        if (retry < 1) throw new IllegalArgumentException("retry < 1: " + retry);
        long capNanos = cap.toNanos();
        long nanos = base.toNanos();
        for (int i = 1; i < retry && nanos < capNanos; i++) nanos = nanos > capNanos / 2 ? capNanos : nanos * 2;
        return Duration.ofNanos(Math.min(nanos, capNanos));
    }

    /** A wait drawn uniformly from {@code [0, ceiling(retry)]}, in whole milliseconds. */
    public Duration delay(int retry, RandomGenerator random) {
        long ceilingMs = ceiling(retry).toMillis();
        return Duration.ofMillis(random.nextLong(ceilingMs + 1));
    }
}
