package dev.flotilla.runtime.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed authentications per client address, in fixed windows: after {@code limit} failures in one
 * window the address is refused (429) until the window ends, so a key cannot be guessed at speed.
 * Says when a burst starts (its first failure) and when it crosses the limit, so each is logged
 * once, not once per request. Bounded: at most {@code maxAddresses} are remembered. Thread-safe.
 */
public final class AuthFailures {

    /** What a failure meant: the first of a burst, the one that crossed the limit, or just one more. */
    public enum Mark { BURST_STARTED, LIMIT_REACHED, MORE }

    private static final class Window {
        final Instant start;
        int count;

        Window(Instant start) {
            this.start = start;
        }
    }

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final int maxAddresses;
    private final Map<String, Window> byAddress = new ConcurrentHashMap<>();

    public AuthFailures(int limit, Duration window, Clock clock, int maxAddresses) {
        if (limit < 1) throw new IllegalArgumentException("limit < 1: " + limit);
        if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window not positive: " + window);
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.maxAddresses = maxAddresses;
    }

    public static AuthFailures defaults(Clock clock) {
        return new AuthFailures(20, Duration.ofMinutes(1), clock, 10_000);
    }

    /** Seconds until {@code address} may try again; 0 when it may now. */
    public long blockedForSeconds(String address) {
        Window w = byAddress.get(address);
        if (w == null) return 0;
        synchronized (w) {
            Instant end = w.start.plus(window);
            Instant now = clock.instant();
            if (!now.isBefore(end) || w.count < limit) return 0;
            return Math.max(1, Duration.between(now, end).toMillis() / 1000 + 1);
        }
    }

    /** Counts one failure of {@code address}. */
    public Mark failed(String address) {
        Instant now = clock.instant();
        if (byAddress.size() >= maxAddresses) forgetEnded(now);
        Window w = byAddress.compute(address, (a, old) -> old == null || !now.isBefore(old.start.plus(window)) ? new Window(now) : old);
        synchronized (w) {
            w.count++;
            if (w.count == 1) return Mark.BURST_STARTED;
            return w.count == limit ? Mark.LIMIT_REACHED : Mark.MORE;
        }
    }

    /** Failures of {@code address} in its current window. */
    public int failures(String address) {
        Window w = byAddress.get(address);
        return w == null ? 0 : w.count;
    }

    public int limit() {
        return limit;
    }

    private void forgetEnded(Instant now) {
        byAddress.entrySet().removeIf(e -> !now.isBefore(e.getValue().start.plus(window)));
        if (byAddress.size() >= maxAddresses) byAddress.clear(); // a flood of addresses: start over rather than grow
    }
}
