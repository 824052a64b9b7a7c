package dev.flotilla.runtime.queue;

import dev.flotilla.runtime.redis.Keys;
import dev.flotilla.runtime.run.Run;
import dev.flotilla.runtime.run.RunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The fleet's dead letters: runs whose deliveries failed too often, kept in a Redis stream (moved
 * there by {@link RunStore}'s scripts) with an index by run id. An operator lists, inspects,
 * replays (the same run goes back in line) or discards them.
 */
public final class DeadLetters {

    /** One dead letter; {@code run} is absent when the run itself expired since. */
    public record Letter(String runId, String agent, Instant at, int failures, Optional<Run> run) {}

    private final UnifiedJedis redis;
    private final Keys keys;
    private final RunStore runs;

    public DeadLetters(UnifiedJedis redis, Keys keys, RunStore runs) {
        this.redis = redis;
        this.keys = keys;
        this.runs = runs;
    }

    /** Newest first. */
    public List<Letter> list(int limit) {
        List<StreamEntry> entries = redis.xrevrange(keys.deadLetters(), StreamEntryID.MAXIMUM_ID, StreamEntryID.MINIMUM_ID, limit);
        List<String> ids = entries.stream().map(e -> e.getFields().get("run_id")).toList();
        Map<String, Run> found = ids.isEmpty() ? Map.of() : runs.findAll(ids);
        List<Letter> out = new ArrayList<>(entries.size());
        for (StreamEntry e : entries) out.add(letter(e, Optional.ofNullable(found.get(e.getFields().get("run_id")))));
        return out;
    }

    public Optional<Letter> find(String runId) {
        String entryId = redis.hget(keys.deadLetterIndex(), runId);
        if (entryId == null) return Optional.empty();
        StreamEntryID id = new StreamEntryID(entryId);
        List<StreamEntry> entries = redis.xrange(keys.deadLetters(), id, id, 1);
        if (entries.isEmpty()) {
            redis.hdel(keys.deadLetterIndex(), runId); // trimmed from the capped stream: forget it
            return Optional.empty();
        }
        return Optional.of(letter(entries.getFirst(), runs.find(runId)));
    }

    public long count() {
        return redis.hlen(keys.deadLetterIndex());
    }

    /** Puts the run back in line; false when it is not (or no longer) a dead letter. */
    public ReplayResult replay(String runId, String by, String queuedEvent) {
        Optional<Letter> letter = find(runId);
        if (letter.isEmpty()) return ReplayResult.NOT_FOUND;
        int r = runs.replay(runId, letter.get().agent(), by, queuedEvent);
        return r == 1 ? ReplayResult.REPLAYED : r == 0 ? ReplayResult.NOT_FOUND : ReplayResult.RUN_EXPIRED;
    }

    public enum ReplayResult { REPLAYED, NOT_FOUND, RUN_EXPIRED }

    /** Forgets a dead letter (its run stays failed); false when there was none. */
    public boolean discard(String runId) {
        String entryId = redis.hget(keys.deadLetterIndex(), runId);
        if (entryId == null) return false;
        redis.xdel(keys.deadLetters(), new StreamEntryID(entryId));
        return redis.hdel(keys.deadLetterIndex(), runId) == 1;
    }

    private static Letter letter(StreamEntry e, Optional<Run> run) {
        Map<String, String> f = e.getFields();
        return new Letter(f.get("run_id"), f.get("agent"), Instant.parse(f.get("at")),
                Integer.parseInt(f.getOrDefault("failures", "0")), run);
    }
}
