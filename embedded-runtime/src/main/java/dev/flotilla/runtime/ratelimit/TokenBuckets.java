package dev.flotilla.runtime.ratelimit;

import dev.flotilla.runtime.kernel.FleetScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Token buckets in Redis, several of them checked and spent in one script
 * ({@value #SCRIPT}): either every bucket holds enough tokens and all are spent, or none is touched
 * and the answer names the bucket that refused and when it will have enough. Time is the Redis
 * server's ({@code TIME}), so nodes whose clocks disagree still share one notion of it.
 *
 * <p>A bucket is a hash {@code {tokens, at}} that only exists while it is below full: it expires
 * when it would have refilled, so idle buckets cost nothing. Buckets must share a hash slot (the
 * fleet's hash tag). Thread-safe; each call is one round trip.
 */
final class TokenBuckets {

    /** The script's class-path resource. */
    static final String SCRIPT = "dev/flotilla/runtime/ratelimit/token_buckets.lua";

    /** One bucket of a request: its key, its shape, and what the request costs (clamped to the burst). */
    record Bucket(String key, RateLimit limit, long cost) {
        Bucket {
            if (cost < 0) throw new IllegalArgumentException("cost < 0: " + cost);
        }
    }

    /** A bucket after the request: whole tokens left, and when the next whole token is there. */
    record Level(long remaining, Duration nextToken) {}

    /** {@code refused} is the index of the bucket that refused (the one with the longest wait), -1 when admitted. */
    record Outcome(boolean admitted, int refused, Duration retryIn, List<Level> levels) {}

    private final FleetScript script;
    private final LongSupplier nowMicros;

    /** With {@code nowMicros} the script takes its time from here instead of Redis (tests); null for the server's. */
    TokenBuckets(FleetScript script, LongSupplier nowMicros) {
        this.script = script;
        this.nowMicros = nowMicros;
    }

    Outcome take(List<Bucket> buckets) {
        if (buckets.isEmpty()) throw new IllegalArgumentException("no buckets");
        List<String> keys = new ArrayList<>(buckets.size());
        List<String> args = new ArrayList<>(1 + 3 * buckets.size());
        args.add(nowMicros == null ? "" : Long.toString(nowMicros.getAsLong()));
        for (Bucket b : buckets) {
            keys.add(b.key());
            args.add(Long.toString(b.limit().burst()));
            args.add(Long.toString(b.limit().perMinute()));
            args.add(Long.toString(b.cost()));
        }
        List<?> r = (List<?>) script.run(keys, args);
        List<Level> levels = new ArrayList<>(buckets.size());
        for (int i = 0; i < buckets.size(); i++) {
            levels.add(new Level(number(r.get(3 + 2 * i)), Duration.ofNanos(number(r.get(4 + 2 * i)) * 1_000)));
        }
        boolean admitted = number(r.get(0)) == 1;
        return new Outcome(admitted, admitted ? -1 : (int) number(r.get(1)) - 1,
                Duration.ofNanos(number(r.get(2)) * 1_000), List.copyOf(levels));
    }

    private static long number(Object o) {
        return ((Number) o).longValue();
    }
}
