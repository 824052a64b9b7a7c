package dev.flotilla.runtime.store.lua;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/** {@code index_statuses.lua}: one slice of older runs put into the index of their status. */
public final class IndexStatuses {

    private static final LuaScript SCRIPT = LuaScript.load("index_statuses");

    private IndexStatuses() {}

    /** Returns how many runs the slice held; fewer than {@code count} when the walk is done. */
    public static int call(UnifiedJedis redis, String runIndex, String runKeyPrefix, long from, int count) {
        return ((Number) SCRIPT.eval(redis, List.of(runIndex), List.of(runKeyPrefix, Long.toString(from), Integer.toString(count)))).intValue();
    }
}
