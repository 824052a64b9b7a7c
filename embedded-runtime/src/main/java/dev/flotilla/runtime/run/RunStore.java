package dev.flotilla.runtime.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.redis.Keys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.UnifiedJedis;

/**
 * Runs in Redis: one hash per run (expiring after the retention time), a sorted index for listing,
 * and an idempotency key per client key. Creation and every status change are single Lua scripts,
 * so a run is stored whole or not at all, and two nodes never both move the same run.
 */
public final class RunStore {

    /** Creates the run, indexes it and enqueues it, atomically; returns the id of the run that exists. */
    private static final String CREATE = """
            if ARGV[1] == '1' then
              local existing = redis.call('GET', KEYS[1])
              if existing then return existing end
              redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
            end
            redis.call('HSET', KEYS[2], unpack(ARGV, 5))
            redis.call('EXPIRE', KEYS[2], ARGV[3])
            redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[4] - ARGV[3] * 1000)
            redis.call('XADD', KEYS[4], '*', 'run_id', ARGV[2])
            return ARGV[2]
            """;

    /** Moves a run to a new state only from one of the expected states: 1 moved, 0 refused, -1 unknown. */
    private static final String TRANSITION = """
            local s = redis.call('HGET', KEYS[1], 'status')
            if not s then return -1 end
            if string.find(',' .. ARGV[1] .. ',', ',' .. s .. ',', 1, true) then
              redis.call('HSET', KEYS[1], unpack(ARGV, 3))
              if ARGV[2] ~= '' then redis.call('HDEL', KEYS[1], unpack(cjson.decode(ARGV[2]))) end
              return 1
            end
            return 0
            """;

    /** Moves a run to running on a node and returns the whole record, in one round trip; {} when refused. */
    private static final String CLAIM = """
            local s = redis.call('HGET', KEYS[1], 'status')
            if not s then return {} end
            if not string.find(',' .. ARGV[1] .. ',', ',' .. s .. ',', 1, true) then return {} end
            redis.call('HSET', KEYS[1], 'status', 'running', 'node', ARGV[2], 'started_at', ARGV[3])
            return redis.call('HGETALL', KEYS[1])
            """;

    public record Created(Run run, boolean created) {}

    private final UnifiedJedis redis;
    private final Keys keys;
    private final Clock clock;
    private final Duration retention;
    private final ObjectMapper json = new ObjectMapper();

    public RunStore(UnifiedJedis redis, Keys keys, Clock clock, Duration retention) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.retention = retention;
    }

    public Created create(RunRequest request, String model) {
        String id = newId();
        Instant now = clock.instant();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("run_id", id);
        fields.put("agent", request.agent());
        fields.put("status", RunStatus.QUEUED.wire());
        fields.put("input", request.input());
        fields.put("model", model);
        fields.put("attempts", "0");
        fields.put("created_at", now.toString());
        if (request.sessionId() != null) fields.put("session_id", request.sessionId());
        if (request.idempotencyKey() != null) fields.put("idempotency_key", request.idempotencyKey());
        if (!request.metadata().isEmpty()) fields.put("metadata", write(request.metadata()));

        List<String> args = new ArrayList<>();
        args.add(request.idempotencyKey() != null ? "1" : "0");
        args.add(id);
        args.add(Long.toString(retention.toSeconds()));
        args.add(Long.toString(now.toEpochMilli()));
        fields.forEach((k, v) -> { args.add(k); args.add(v); });
        String idemKey = keys.idempotency(request.idempotencyKey() != null ? request.idempotencyKey() : "-");
        Object result = redis.eval(CREATE,
                List.of(idemKey, keys.run(id), keys.runIndex(), keys.queue(request.agent())), args);
        String existing = (String) result;
        if (!existing.equals(id)) {
            Run run = find(existing).orElseThrow(() -> new IllegalStateException("idempotent run vanished: " + existing));
            return new Created(run, false);
        }
        // the run as accepted: an agent may already have moved it on, but the caller hears "queued"
        return new Created(new Run(id, request.agent(), RunStatus.QUEUED, request.input(), null, null, null, null, null,
                model, request.sessionId(), request.idempotencyKey(), request.metadata(), null, 0, now, null, null), true);
    }

    public Optional<Run> find(String id) {
        Map<String, String> h = redis.hgetAll(keys.run(id));
        return h.isEmpty() ? Optional.empty() : Optional.of(fromHash(h));
    }

    /** Newest first; with a status, only runs in that status, scanning at most the newest 5,000. */
    public List<Run> recent(RunStatus status, int limit) {
        List<Run> out = new ArrayList<>();
        int batch = status == null ? limit : Math.max(limit, 200);
        for (long start = 0; out.size() < limit && start < 5_000; start += batch) {
            List<String> ids = redis.zrevrange(keys.runIndex(), start, start + batch - 1);
            if (ids.isEmpty()) break;
            for (Map<String, String> h : fetchAll(ids)) {
                if (h.isEmpty()) continue; // expired since it was indexed
                Run r = fromHash(h);
                if (status == null || r.status() == status) out.add(r);
                if (out.size() == limit) break;
            }
        }
        return out;
    }

    /** One round trip for a page of runs instead of one per run. */
    private List<Map<String, String>> fetchAll(List<String> ids) {
        List<redis.clients.jedis.Response<Map<String, String>>> replies = new ArrayList<>(ids.size());
        try (var pipeline = redis.pipelined()) {
            for (String id : ids) replies.add(pipeline.hgetAll(keys.run(id)));
            pipeline.sync();
        }
        List<Map<String, String>> out = new ArrayList<>(ids.size());
        for (var reply : replies) out.add(reply.get());
        return out;
    }

    /** queued (or a reclaimed running run) → running on this node. */
    public boolean start(String id, String node, boolean reclaimed) {
        return claim(id, node, reclaimed).isPresent();
    }

    /** Like {@link #start}, returning the run as claimed; empty when unknown or not startable. */
    public Optional<Run> claim(String id, String node, boolean reclaimed) {
        String from = reclaimed ? "queued,running" : "queued";
        Object reply = redis.eval(CLAIM, List.of(keys.run(id)), List.of(from, node, clock.instant().toString()));
        List<?> flat = (List<?>) reply;
        if (flat.isEmpty()) return Optional.empty();
        Map<String, String> h = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) h.put((String) flat.get(i), (String) flat.get(i + 1));
        return Optional.of(fromHash(h));
    }

    public boolean succeed(String id, String output, int promptTokens, int completionTokens, int attempts) {
        return transition(id, "running", List.of("error_code", "error_message"),
                "status", "succeeded", "output", output,
                "prompt_tokens", Integer.toString(promptTokens), "completion_tokens", Integer.toString(completionTokens),
                "attempts", Integer.toString(attempts), "finished_at", clock.instant().toString()) == 1;
    }

    public boolean fail(String id, String fromStatuses, String code, String message, int attempts) {
        return transition(id, fromStatuses, List.of(),
                "status", "failed", "error_code", code, "error_message", message,
                "attempts", Integer.toString(attempts), "finished_at", clock.instant().toString()) == 1;
    }

    /** queued or running → cancelled; false when the run had already ended (or is unknown). */
    public boolean cancel(String id) {
        return transition(id, "queued,running", List.of(),
                "status", "cancelled", "error_code", "cancelled", "error_message", "cancelled by an operator",
                "finished_at", clock.instant().toString()) == 1;
    }

    /** running → queued, so another agent (on any node) picks it up again. */
    public boolean handBack(String id) {
        return transition(id, "running", List.of("node", "started_at"), "status", "queued") == 1;
    }

    private long transition(String id, String from, List<String> clear, String... fieldValues) {
        List<String> args = new ArrayList<>();
        args.add(from);
        args.add(clear.isEmpty() ? "" : write(clear));
        args.addAll(List.of(fieldValues));
        return (Long) redis.eval(TRANSITION, List.of(keys.run(id)), args);
    }

    private Run fromHash(Map<String, String> h) {
        return new Run(h.get("run_id"), h.get("agent"), RunStatus.fromWire(h.get("status")), h.get("input"),
                h.get("output"), h.get("error_code"), h.get("error_message"),
                intOrNull(h.get("prompt_tokens")), intOrNull(h.get("completion_tokens")), h.get("model"),
                h.get("session_id"), h.get("idempotency_key"), readMap(h.get("metadata")), h.get("node"),
                h.containsKey("attempts") ? Integer.parseInt(h.get("attempts")) : 0,
                instantOrNull(h.get("created_at")), instantOrNull(h.get("started_at")), instantOrNull(h.get("finished_at")));
    }

    private static String newId() {
        // time-ordered, so ids sort roughly by creation; random tail keeps nodes from colliding
        long millis = System.currentTimeMillis();
        long rnd = ThreadLocalRandom.current().nextLong() >>> 1;
        return "run_" + Long.toString(millis, 36) + Long.toString(rnd, 36);
    }

    private static Integer intOrNull(String s) { return s == null ? null : Integer.valueOf(s); }

    private static Instant instantOrNull(String s) { return s == null ? null : Instant.parse(s); }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> readMap(String s) {
        if (s == null) return Map.of();
        try {
            return json.readValue(s, new TypeReference<HashMap<String, String>>() {});
        } catch (Exception e) {
            return Map.of();
        }
    }
}
