package dev.flotilla.runtime.ratelimit;

import dev.flotilla.runtime.redis.LuaScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import redis.clients.jedis.UnifiedJedis;

/**
 * Token buckets in Redis, several of them checked and spent in one script: either every bucket
 * holds enough tokens and all are spent, or none is touched and the answer names the bucket that
 * refused and when it will have enough. Time is the Redis server's ({@code TIME}), so nodes whose
 * clocks disagree still share one notion of it.
 *
 * <p>A bucket is a hash {@code {tokens, at}} that only exists while it is below full: it expires
 * when it would have refilled, so idle buckets cost nothing. Buckets must share a hash slot (the
 * fleet's hash tag). Thread-safe; each call is one round trip (EVALSHA, EVAL when the server has
 * lost its script cache).
 */
final class TokenBuckets {

    /**
     * ARGV[1]: the time in microseconds, '' for the server's clock; then per bucket: capacity,
     * tokens per minute, cost. Returns {admitted, refusing bucket (1-based, 0 when admitted), its
     * wait in µs, then per bucket: whole tokens left, µs until the next whole token}.
     */
    static final String SCRIPT = """
            if redis.replicate_commands then redis.replicate_commands() end
            local now
            if ARGV[1] == '' then
              local t = redis.call('TIME')
              now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            else
              now = tonumber(ARGV[1])
            end
            local n = #KEYS
            local level, at, cap, per, cost = {}, {}, {}, {}, {}
            local refused, longest = 0, 0
            for i = 1, n do
              cap[i] = tonumber(ARGV[i * 3 - 1])
              per[i] = 60000000 / tonumber(ARGV[i * 3])
              cost[i] = math.min(tonumber(ARGV[i * 3 + 1]), cap[i])
              local s = redis.call('HMGET', KEYS[i], 'tokens', 'at')
              level[i], at[i] = cap[i], now
              if s[1] and s[2] then
                local last = tonumber(s[2])
                level[i] = math.min(cap[i], tonumber(s[1]) + math.max(0, now - last) / per[i])
                at[i] = math.max(now, last)
              end
              if level[i] + 1e-9 < cost[i] then
                local wait = math.ceil((cost[i] - level[i]) * per[i])
                if wait > longest then longest, refused = wait, i end
              end
            end
            local out = {refused == 0 and 1 or 0, refused, longest}
            for i = 1, n do
              if refused == 0 and cost[i] > 0 then
                level[i] = math.max(0, level[i] - cost[i])
                redis.call('HSET', KEYS[i], 'tokens', level[i], 'at', at[i])
                redis.call('PEXPIRE', KEYS[i], math.ceil((cap[i] - level[i]) * per[i] / 1000) + 1000)
              end
              local whole = math.floor(level[i] + 1e-9)
              out[#out + 1] = whole
              out[#out + 1] = math.max(1, math.ceil((whole + 1 - level[i]) * per[i]))
            end
            return out
            """;

    private static final LuaScript LUA = new LuaScript(SCRIPT);

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

    private final UnifiedJedis redis;
    private final LongSupplier nowMicros;

    TokenBuckets(UnifiedJedis redis) {
        this(redis, null);
    }

    /** With {@code nowMicros} the script takes its time from here instead of Redis: for tests only. */
    TokenBuckets(UnifiedJedis redis, LongSupplier nowMicros) {
        this.redis = redis;
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
        Object reply = LUA.eval(redis, keys, args);
        List<?> r = (List<?>) reply;
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
