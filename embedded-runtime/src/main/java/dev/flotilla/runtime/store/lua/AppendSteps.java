package dev.flotilla.runtime.store.lua;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/** {@code append_steps.lua}: steps of a running run, stored by the holder of its lease. */
public final class AppendSteps {

    private static final LuaScript SCRIPT = LuaScript.load("append_steps", "runs");

    private AppendSteps() {}

    /** True when stored; false when the lease is not ours or the run no longer runs. */
    public static boolean call(UnifiedJedis redis, String runKey, String lease, String steps) {
        return "stored".equals(SCRIPT.eval(redis, List.of(runKey), List.of(lease, steps)));
    }
}
