package dev.flotilla.runtime.store.lua;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/** {@code trim_run_indexes.lua}: takes expired runs out of the index of all runs and the status indexes. */
public final class TrimRunIndexes {

    private static final LuaScript SCRIPT = LuaScript.load("trim_run_indexes");

    private TrimRunIndexes() {}

    /** Returns the index entries removed: those of runs created at or before {@code expiredAtOrBeforeMillis}. */
    public static long call(UnifiedJedis redis, String runIndex, long expiredAtOrBeforeMillis) {
        return ((Number) SCRIPT.eval(redis, List.of(runIndex), List.of(Long.toString(expiredAtOrBeforeMillis)))).longValue();
    }
}
