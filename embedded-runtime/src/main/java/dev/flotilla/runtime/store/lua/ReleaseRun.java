package dev.flotilla.runtime.store.lua;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/** {@code release_run.lua}: the lease holder gives its run up, back in line or to the dead letters. */
public final class ReleaseRun {

    private static final LuaScript SCRIPT = LuaScript.load("release_run", "runs");

    public enum Outcome { LOST, ENDED, REQUEUED, DEAD_LETTERED }

    /** {@code failures}: with {@code DEAD_LETTERED}, the failed deliveries; else 0. */
    public record Reply(Outcome outcome, int failures) {}

    private ReleaseRun() {}

    /** {@code failure}: the failed delivery's error (JSON), or null when the run is handed back whole (drain). */
    public static Reply call(UnifiedJedis redis, RunKeys keys, String lease, String entryId, String group, String steps,
                             String failure, int maxFailures, String now, String why, String queuedEvent) {
        List<?> r = Replies.list(SCRIPT.eval(redis,
                List.of(keys.run(), keys.queue(), keys.deadLetters(), keys.deadLetterIndex(), keys.events(), keys.runIndex()),
                List.of(lease, entryId, group, steps, failure == null ? "" : failure, Integer.toString(maxFailures), now,
                        why == null ? "" : why, queuedEvent == null ? "" : queuedEvent)));
        Outcome o = Outcome.valueOf(((String) r.getFirst()).toUpperCase());
        return new Reply(o, o == Outcome.DEAD_LETTERED ? Integer.parseInt((String) r.get(1)) : 0);
    }
}
