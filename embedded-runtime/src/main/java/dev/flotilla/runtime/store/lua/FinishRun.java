package dev.flotilla.runtime.store.lua;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** {@code finish_run.lua}: the lease holder stores the outcome, forgets the entry, keeps the session turn, announces the end. */
public final class FinishRun {

    private static final LuaScript SCRIPT = LuaScript.load("finish_run", "runs");

    public enum Reply {
        /** Stored (also a retry whose first try was stored). */
        STORED,
        /** No longer running (cancelled): the entry is forgotten, nothing else written. */
        ENDED,
        /** The lease is not ours: nothing written. */
        LOST
    }

    /** A session turn stored only with the outcome: {@code turn} is its JSON. */
    public record SessionTurn(String sessionKey, String turn, int maxTurns, long ttlMillis) {}

    private FinishRun() {}

    public static Reply call(UnifiedJedis redis, RunKeys keys, String lease, String entryId, String group, String steps,
                             String status, SessionTurn turn, String sessionPlaceholder, String endEvent, Map<String, String> fields) {
        List<String> args = new ArrayList<>(9 + 2 * fields.size());
        args.add(lease);
        args.add(entryId);
        args.add(group);
        args.add(steps);
        args.add(status);
        args.add(turn == null ? "0" : Long.toString(turn.ttlMillis()));
        args.add(turn == null ? "" : turn.turn());
        args.add(turn == null ? "1" : Integer.toString(turn.maxTurns()));
        args.add(endEvent == null ? "" : endEvent);
        fields.forEach((k, v) -> { args.add(k); args.add(v); });
        String session = turn == null ? sessionPlaceholder : turn.sessionKey();
        Object r = SCRIPT.eval(redis, List.of(keys.run(), keys.queue(), keys.events(), session, keys.runIndex()), args);
        return Reply.valueOf(((String) r).toUpperCase());
    }
}
