package dev.flotilla.runtime.store.lua;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/** {@code take_tokens.lua}: several token buckets checked and spent together, or none. */
public final class TakeTokens {

    private static final LuaScript SCRIPT = LuaScript.load("take_tokens");

    /** One bucket: its key, its size, its refill, and what this ask costs. */
    public record Ask(String key, long capacity, long perMinute, long cost) {}

    /** A bucket after the ask: whole tokens left, microseconds until the next whole one. */
    public record Level(long remaining, long nextTokenMicros) {}

    /** {@code refused}: 0-based index of the bucket with the longest wait, -1 when admitted. */
    public record Reply(boolean admitted, int refused, long waitMicros, List<Level> levels) {}

    private TakeTokens() {}

    /** {@code nowMicros}: null for the server's clock. */
    public static Reply call(UnifiedJedis redis, List<Ask> asks, Long nowMicros) {
        List<String> keys = new ArrayList<>(asks.size());
        List<String> args = new ArrayList<>(1 + 3 * asks.size());
        args.add(nowMicros == null ? "" : Long.toString(nowMicros));
        for (Ask a : asks) {
            keys.add(a.key());
            args.add(Long.toString(a.capacity()));
            args.add(Long.toString(a.perMinute()));
            args.add(Long.toString(a.cost()));
        }
        List<?> r = Replies.list(SCRIPT.eval(redis, keys, args));
        List<Level> levels = new ArrayList<>(asks.size());
        for (int i = 0; i < asks.size(); i++) levels.add(new Level(number(r.get(3 + 2 * i)), number(r.get(4 + 2 * i))));
        boolean admitted = number(r.get(0)) == 1;
        return new Reply(admitted, admitted ? -1 : (int) number(r.get(1)) - 1, number(r.get(2)), List.copyOf(levels));
    }

    private static long number(Object o) {
        return ((Number) o).longValue();
    }
}
