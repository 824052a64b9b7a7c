package dev.flotilla.runtime.store;

import dev.flotilla.runtime.queue.DeadLetter;
import dev.flotilla.runtime.run.Run;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The fleet's dead letters: runs whose deliveries failed too often, kept in a capped Redis stream
 * (moved there by {@link RunRecords}' scripts) with an index by run id. An operator lists,
 * inspects, replays (the same run goes back in line) or discards them.
 */
public final class DeadLetterStore {

    private final Redis redis;
    private final Keys keys;
    private final RunRecords runs;

    public DeadLetterStore(Store store, Keys keys, RunRecords runs) {
        this.redis = store.redis();
        this.keys = keys;
        this.runs = runs;
    }

    /** Newest first. */
    public List<DeadLetter> list(int limit) {
        List<StreamEntry> entries = redis.call(j -> j.xrevrange(keys.deadLetters(), StreamEntryID.MAXIMUM_ID, StreamEntryID.MINIMUM_ID, limit));
        List<String> ids = entries.stream().map(e -> e.getFields().get("run_id")).toList();
        Map<String, Run> found = ids.isEmpty() ? Map.of() : runs.findAll(ids);
        List<DeadLetter> out = new ArrayList<>(entries.size());
        for (StreamEntry e : entries) out.add(letter(e, Optional.ofNullable(found.get(e.getFields().get("run_id")))));
        return out;
    }

    public Optional<DeadLetter> find(String runId) {
        String entryId = redis.call(j -> j.hget(keys.deadLetterIndex(), runId));
        if (entryId == null) return Optional.empty();
        StreamEntryID id = new StreamEntryID(entryId);
        List<StreamEntry> entries = redis.call(j -> j.xrange(keys.deadLetters(), id, id, 1));
        if (entries.isEmpty()) {
            redis.run(j -> j.hdel(keys.deadLetterIndex(), runId)); // trimmed from the capped stream: forget it
            return Optional.empty();
        }
        return Optional.of(letter(entries.getFirst(), runs.find(runId)));
    }

    public long count() {
        return redis.call(j -> j.hlen(keys.deadLetterIndex()));
    }

    /** Puts the run back in line. */
    public DeadLetter.Replay replay(String runId, String by, String queuedEvent) {
        Optional<DeadLetter> letter = find(runId);
        if (letter.isEmpty()) return DeadLetter.Replay.NOT_FOUND;
        return switch (runs.replay(runId, letter.get().agent(), by, queuedEvent)) {
            case REPLAYED -> DeadLetter.Replay.REPLAYED;
            case NOT_DEAD_LETTERED -> DeadLetter.Replay.NOT_FOUND;
            case EXPIRED -> DeadLetter.Replay.RUN_EXPIRED;
        };
    }

    /** Forgets a dead letter (its run stays failed); false when there was none. */
    public boolean discard(String runId) {
        String entryId = redis.call(j -> j.hget(keys.deadLetterIndex(), runId));
        if (entryId == null) return false;
        redis.run(j -> j.xdel(keys.deadLetters(), new StreamEntryID(entryId)));
        return redis.call(j -> j.hdel(keys.deadLetterIndex(), runId)) == 1;
    }

    private static DeadLetter letter(StreamEntry e, Optional<Run> run) {
        Map<String, String> f = e.getFields();
        return new DeadLetter(f.get("run_id"), f.get("agent"), Instant.parse(f.get("at")),
                Integer.parseInt(f.getOrDefault("failures", "0")), run);
    }
}
