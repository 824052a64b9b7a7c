package dev.flotilla.runtime.store.lua;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/** {@code replay_run.lua}: a dead-lettered run back in line. */
public final class ReplayRun {

    private static final LuaScript SCRIPT = LuaScript.load("replay_run", "runs");

    public enum Reply { REPLAYED, NOT_DEAD_LETTERED, EXPIRED }

    private ReplayRun() {}

    public static Reply call(UnifiedJedis redis, RunKeys keys, String runId, String step, String queuedEvent) {
        Object r = SCRIPT.eval(redis,
                List.of(keys.run(), keys.queue(), keys.deadLetters(), keys.deadLetterIndex(), keys.events(), keys.runIndex()),
                List.of(runId, step, queuedEvent == null ? "" : queuedEvent));
        return Reply.valueOf(((String) r).toUpperCase());
    }
}
