package dev.flotilla.runtime.store.lua;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/** {@code give_back.lua}: an entry read but not run goes to the end of the line. */
public final class GiveBack {

    private static final LuaScript SCRIPT = LuaScript.load("give_back");

    private GiveBack() {}

    public static void call(UnifiedJedis redis, String queue, String runKey, String group, String entryId, String runId) {
        SCRIPT.eval(redis, List.of(queue, runKey), List.of(group, entryId, runId));
    }
}
