package dev.flotilla.runtime.store.lua;

import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** {@code claim_run.lua}: a delivered run taken under a new lease, refused, or dead-lettered. */
public final class ClaimRun {

    private static final LuaScript SCRIPT = LuaScript.load("claim_run", "runs");

    public sealed interface Reply permits Claimed, Refused, DeadLettered {}

    /** Taken; {@code run} is its hash now, {@code previousNode} the node that held it before (null when none). */
    public record Claimed(String previousNode, Map<String, String> run) implements Reply {}

    /** Not taken (ended, cancelled while queued, or carried by a newer entry); the entry is forgotten. */
    public record Refused() implements Reply {}

    /** Its last delivery failed once too often: it is a dead letter now. */
    public record DeadLettered(int failures) implements Reply {}

    private ClaimRun() {}

    public static Reply call(UnifiedJedis redis, RunKeys keys, String node, String now, String lease, boolean reclaimed,
                             int maxFailures, String entryId, String group, String steps, String startedEvent) {
        List<?> r = Replies.list(SCRIPT.eval(redis,
                List.of(keys.run(), keys.queue(), keys.deadLetters(), keys.deadLetterIndex(), keys.events(), keys.runIndex()),
                List.of(node, now, lease, reclaimed ? "1" : "0", Integer.toString(maxFailures), entryId, group, steps,
                        startedEvent == null ? "" : startedEvent)));
        return switch ((String) r.getFirst()) {
            case "claimed" -> {
                String previous = (String) r.get(1);
                yield new Claimed(previous.isEmpty() ? null : previous, Replies.hash(r, 2));
            }
            case "dead_lettered" -> new DeadLettered(Integer.parseInt((String) r.get(1)));
            default -> new Refused();
        };
    }
}
