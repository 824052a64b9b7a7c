package dev.flotilla.runtime.store.lua;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** {@code create_run.lua}: stores, indexes, enqueues and announces a new run in one step. */
public final class CreateRun {

    private static final LuaScript SCRIPT = LuaScript.load("create_run", "runs");

    public enum Outcome { CREATED, EXISTS, REUSED, QUEUE_FULL }

    /** {@code value}: the run's id, or for {@code QUEUE_FULL} the runs in line. */
    public record Reply(Outcome outcome, String value) {}

    private CreateRun() {}

    /**
     * @param idempotencyKey the client's key, or null; {@code idempotencyRedisKey} is then any placeholder
     * @param fingerprint    the request's fingerprint, kept with the key so a different request under it is told apart
     * @param maxDepth       runs in the agent's line (waiting or in flight) at which new ones are refused
     */
    public static Reply call(UnifiedJedis redis, String idempotencyRedisKey, String idempotencyKey, String runKey, String runIndex,
                             String queue, String events, String runId, long retentionSeconds, long nowMillis,
                             String fingerprint, long maxDepth, String queuedEvent, Map<String, String> fields) {
        List<String> args = new ArrayList<>(7 + 2 * fields.size());
        args.add(idempotencyKey != null ? "1" : "0");
        args.add(runId);
        args.add(Long.toString(retentionSeconds));
        args.add(Long.toString(nowMillis));
        args.add(fingerprint);
        args.add(Long.toString(maxDepth));
        args.add(queuedEvent == null ? "" : queuedEvent);
        fields.forEach((k, v) -> { args.add(k); args.add(v); });
        List<?> r = Replies.list(SCRIPT.eval(redis, List.of(idempotencyRedisKey, runKey, runIndex, queue, events), args));
        return new Reply(Outcome.valueOf(((String) r.get(0)).toUpperCase()), (String) r.get(1));
    }
}
