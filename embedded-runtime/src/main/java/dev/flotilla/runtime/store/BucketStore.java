package dev.flotilla.runtime.store;

import dev.flotilla.runtime.store.lua.TakeTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Token buckets in Redis, several checked and spent in one script: either every bucket holds
 * enough tokens and all are spent, or none is touched and the answer names the bucket that refused
 * and when it will have enough. Time is the Redis server's ({@code TIME}), so nodes whose clocks
 * disagree share one notion of it. Buckets must share a hash slot (the fleet's hash tag).
 * Thread-safe; each call is one round trip.
 */
public final class BucketStore {

    /** One bucket to take from: its key, its size, its refill a minute, and what the ask costs. */
    public record Ask(String key, long capacity, long perMinute, long cost) {
        public Ask {
            if (cost < 0) throw new IllegalArgumentException("cost < 0: " + cost);
        }
    }

    /** A bucket after the ask: whole tokens left, and when the next whole token is there. */
    public record Level(long remaining, Duration nextToken) {}

    /** {@code refused}: the index of the ask that refused (the one with the longest wait), -1 when admitted. */
    public record Outcome(boolean admitted, int refused, Duration retryIn, List<Level> levels) {}

    private final Redis redis;
    private final LongSupplier nowMicros;

    public BucketStore(Store store) {
        this(store, null);
    }

    /** With {@code nowMicros} the script takes its time from here instead of Redis: for tests only. */
    public BucketStore(Store store, LongSupplier nowMicros) {
        this.redis = store.redis();
        this.nowMicros = nowMicros;
    }

    public Outcome take(List<Ask> asks) {
        if (asks.isEmpty()) throw new IllegalArgumentException("no buckets");
        List<TakeTokens.Ask> scriptAsks = asks.stream()
                .map(a -> new TakeTokens.Ask(a.key(), a.capacity(), a.perMinute(), a.cost())).toList();
        Long now = nowMicros == null ? null : nowMicros.getAsLong();
        TakeTokens.Reply r = redis.call(j -> TakeTokens.call(j, scriptAsks, now));
        List<Level> levels = new ArrayList<>(r.levels().size());
        for (TakeTokens.Level l : r.levels()) levels.add(new Level(l.remaining(), Duration.ofNanos(l.nextTokenMicros() * 1_000)));
        return new Outcome(r.admitted(), r.refused(), Duration.ofNanos(r.waitMicros() * 1_000), List.copyOf(levels));
    }
}
