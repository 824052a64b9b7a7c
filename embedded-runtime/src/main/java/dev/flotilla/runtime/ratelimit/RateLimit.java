package dev.flotilla.runtime.ratelimit;

import java.util.Optional;

/**
 * A token bucket's shape: it refills at {@code perMinute} tokens a minute, evenly, and holds at most
 * {@code burst} tokens, so a quiet client may send {@code burst} requests at once and then
 * {@code perMinute} a minute.
 */
public record RateLimit(long perMinute, long burst) {

    /** Large enough for any real limit, small enough that the bucket arithmetic stays exact. */
    public static final long MAX = 1_000_000_000L;

    public RateLimit {
        if (perMinute < 1 || perMinute > MAX) throw new IllegalArgumentException("rate per minute not in [1," + MAX + "]: " + perMinute);
        if (burst < 1 || burst > MAX) throw new IllegalArgumentException("burst not in [1," + MAX + "]: " + burst);
    }

    /** {@code perMinute} a minute with a burst of one minute's worth. */
    public static RateLimit perMinute(long perMinute) {
        return new RateLimit(perMinute, perMinute);
    }

    /**
     * A limit from two settings as an operator gives them: a rate of 0 means no limit, a burst of
     * 0 means one minute's worth. {@code rateName} and {@code burstName} name the settings in errors.
     */
    public static Optional<RateLimit> fromSettings(String rateName, long perMinute, String burstName, long burst) {
        if (perMinute < 0 || perMinute > MAX) {
            throw new IllegalArgumentException(rateName + " must be from 0 (no limit) to " + MAX + ": " + perMinute);
        }
        if (burst < 0 || burst > MAX) {
            throw new IllegalArgumentException(burstName + " must be from 0 (one minute's worth) to " + MAX + ": " + burst);
        }
        if (perMinute == 0) {
            if (burst > 0) throw new IllegalArgumentException(burstName + " is " + burst + " but " + rateName + " is 0 (no limit); set both or neither");
            return Optional.empty();
        }
        return Optional.of(new RateLimit(perMinute, burst == 0 ? perMinute : burst));
    }
}
