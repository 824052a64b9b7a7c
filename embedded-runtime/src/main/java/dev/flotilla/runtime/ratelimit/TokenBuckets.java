package dev.flotilla.runtime.ratelimit;

import dev.flotilla.runtime.store.BucketStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Token buckets of rate limits, several of them checked and spent in one step of the store
 * ({@link BucketStore}, one script, one round trip): either every bucket holds enough tokens and
 * all are spent, or none is touched and the answer names the bucket that refused and when it will
 * have enough. Time is the Redis server's, so nodes whose clocks disagree still share one notion
 * of it. Thread-safe.
 */
final class TokenBuckets {

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

    private final BucketStore store;

    TokenBuckets(BucketStore store) {
        this.store = store;
    }

    Outcome take(List<Bucket> buckets) {
        if (buckets.isEmpty()) throw new IllegalArgumentException("no buckets");
        List<BucketStore.Ask> asks = new ArrayList<>(buckets.size());
        for (Bucket b : buckets) asks.add(new BucketStore.Ask(b.key(), b.limit().burst(), b.limit().perMinute(), b.cost()));
        BucketStore.Outcome o = store.take(asks);
        List<Level> levels = o.levels().stream().map(l -> new Level(l.remaining(), l.nextToken())).toList();
        return new Outcome(o.admitted(), o.refused(), o.retryIn(), levels);
    }
}
