package dev.flotilla.runtime.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.redis.Keys;
import dev.flotilla.runtime.redis.LuaScript;
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
 * and an idempotency key per client key. Creation and every change of state are single Lua scripts
 * that also move the run's queue entry and announce the change, so a run is stored whole or not
 * at all, two nodes never both move the same run, and each step costs one round trip.
 *
 * <p>A node that takes a run holds a <em>lease</em>: a token written on the run when it is
 * claimed. Only the holder of the current lease may store an outcome, hand the run back or forget
 * its queue entry, so a node that stalled past its lease (and had the run reclaimed by another)
 * writes nothing: results, memory and counters are written once.
 */
public final class RunStore {

    /** Shared helpers of the scripts below. */
    private static final String LIB = """
            local function has(list, s) return string.find(',' .. list .. ',', ',' .. s .. ',', 1, true) ~= nil end
            local function append(key, field, fragment)
              if fragment == nil or fragment == '' then return end
              local cur = redis.call('HGET', key, field)
              if not cur or cur == '' then redis.call('HSET', key, field, '[' .. fragment .. ']')
              else redis.call('HSET', key, field, string.sub(cur, 1, -2) .. ',' .. fragment .. ']') end
            end
            local function ack(stream, group, id)
              if id ~= '' then redis.call('XACK', stream, group, id); redis.call('XDEL', stream, id) end
            end
            local function deadLetter(run, dl, dlIndex, now, message, failures)
              local id = redis.call('HGET', run, 'run_id')
              redis.call('HSET', run, 'status', 'failed', 'error_code', 'dead_lettered', 'error_message', message,
                'finished_at', now)
              redis.call('HDEL', run, 'lease')
              append(run, 'timeline', cjson.encode({at = now, kind = 'dead_lettered', detail = message}))
              -- capped at 10,000: an operator replays or discards dead letters; beyond that the oldest
              -- goes, with its index entry
              if redis.call('XLEN', dl) >= 10000 then
                local oldest = redis.call('XRANGE', dl, '-', '+', 'COUNT', 1)
                if #oldest > 0 then
                  local f = oldest[1][2]
                  for i = 1, #f, 2 do if f[i] == 'run_id' then redis.call('HDEL', dlIndex, f[i + 1]) end end
                  redis.call('XDEL', dl, oldest[1][1])
                end
              end
              local e = redis.call('XADD', dl, '*', 'run_id', id, 'agent', redis.call('HGET', run, 'agent'),
                'at', now, 'failures', tostring(failures))
              redis.call('HSET', dlIndex, id, e)
            end
            """;

    /** Creates the run, indexes it, enqueues it and announces it, atomically; returns the id of the run that exists. */
    private static final LuaScript CREATE = new LuaScript("""
            if ARGV[1] == '1' then
              local existing = redis.call('GET', KEYS[1])
              if existing then return existing end
              redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
            end
            redis.call('HSET', KEYS[2], unpack(ARGV, 6))
            redis.call('EXPIRE', KEYS[2], ARGV[3])
            redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[4] - ARGV[3] * 1000)
            local entry = redis.call('XADD', KEYS[4], '*', 'run_id', ARGV[2])
            redis.call('HSET', KEYS[2], 'entry', entry)
            if ARGV[5] ~= '' then redis.call('PUBLISH', KEYS[5], ARGV[5]) end
            return ARGV[2]
            """);

    /** Moves a run to a new state only from one of the expected states: 1 moved, 0 refused, -1 unknown. */
    private static final LuaScript TRANSITION = new LuaScript(LIB + """
            local s = redis.call('HGET', KEYS[1], 'status')
            if not s then return -1 end
            if has(ARGV[1], s) then
              redis.call('HSET', KEYS[1], unpack(ARGV, 4))
              if ARGV[2] ~= '' then redis.call('HDEL', KEYS[1], unpack(cjson.decode(ARGV[2]))) end
              append(KEYS[1], 'timeline', ARGV[3])
              return 1
            end
            return 0
            """);

    /**
     * Takes a delivered run: queued (or, when reclaimed, running on a node whose lease expired) →
     * running here under a new lease. A reclaimed delivery means the previous one failed; after
     * ARGV[5] failures the run goes to the dead letters instead. Entries of runs that cannot be
     * taken are forgotten. Reply: {'claimed', previous node, hash...} | {'refused'} | {'dead_lettered', failures}.
     */
    private static final LuaScript CLAIM = new LuaScript(LIB + """
            local s = redis.call('HGET', KEYS[1], 'status')
            if s == 'running' and redis.call('HGET', KEYS[1], 'lease') == ARGV[3] then
              -- a retry of this very claim whose reply was lost: it is ours already
              local out = {'claimed', ''}
              local h = redis.call('HGETALL', KEYS[1])
              for i = 1, #h do out[#out + 1] = h[i] end
              return out
            end
            local allowed = 'queued'
            if ARGV[4] == '1' then allowed = 'queued,running' end
            if not s or not has(allowed, s) then ack(KEYS[2], ARGV[7], ARGV[6]); return {'refused'} end
            -- an entry the run has moved on from (handed back meanwhile: a newer entry, still in the
            -- stream, carries it); when the recorded entry is gone, this delivery is the run's entry now
            local current = redis.call('HGET', KEYS[1], 'entry')
            if current and current ~= ARGV[6] and #redis.call('XRANGE', KEYS[2], current, current) > 0 then
              ack(KEYS[2], ARGV[7], ARGV[6]); return {'refused'}
            end
            redis.call('HSET', KEYS[1], 'entry', ARGV[6])
            local prev = redis.call('HGET', KEYS[1], 'node') or ''
            if ARGV[4] == '1' then
              local f = redis.call('HINCRBY', KEYS[1], 'failures', 1)
              local why = 'the delivery to ' .. (prev ~= '' and prev or 'a node') .. ' ended without an outcome (its lease expired)'
              append(KEYS[1], 'errors', cjson.encode({at = ARGV[2], node = prev, code = 'lease_expired', message = why}))
              if f >= tonumber(ARGV[5]) then
                deadLetter(KEYS[1], KEYS[3], KEYS[4], ARGV[2], 'gave up after ' .. f .. ' failed deliveries; last: ' .. why, f)
                ack(KEYS[2], ARGV[7], ARGV[6])
                return {'dead_lettered', tostring(f)}
              end
            end
            redis.call('HINCRBY', KEYS[1], 'deliveries', 1)
            redis.call('HSET', KEYS[1], 'status', 'running', 'node', ARGV[1], 'started_at', ARGV[2], 'lease', ARGV[3])
            append(KEYS[1], 'timeline', ARGV[8])
            if ARGV[9] ~= '' then redis.call('PUBLISH', KEYS[5], ARGV[9]) end
            local out = {'claimed', prev}
            local h = redis.call('HGETALL', KEYS[1])
            for i = 1, #h do out[#out + 1] = h[i] end
            return out
            """);

    /**
     * Stores the outcome of a run by the holder of its lease, forgets its queue entry, remembers the
     * session turn and announces the end, in one step. -1: the lease is not ours (nothing written);
     * 0: the run is no longer running (cancelled; entry forgotten); 1: stored.
     */
    private static final LuaScript FINISH = new LuaScript(LIB + """
            if redis.call('HGET', KEYS[1], 'lease') ~= ARGV[1] then return -1 end
            ack(KEYS[2], ARGV[3], ARGV[2])
            local s = redis.call('HGET', KEYS[1], 'status')
            -- a retry whose first try was stored (its reply lost): stored once, and it was ours
            if s == ARGV[5] and redis.call('HGET', KEYS[1], 'finished_at') then return 1 end
            if s ~= 'running' then return 0 end
            redis.call('HSET', KEYS[1], unpack(ARGV, 10))
            if ARGV[5] == 'succeeded' then redis.call('HDEL', KEYS[1], 'error_code', 'error_message') end
            append(KEYS[1], 'timeline', ARGV[4])
            if ARGV[7] ~= '' then
              redis.call('RPUSH', KEYS[4], ARGV[7])
              redis.call('LTRIM', KEYS[4], -tonumber(ARGV[8]), -1)
              redis.call('PEXPIRE', KEYS[4], ARGV[6])
            end
            if ARGV[9] ~= '' then redis.call('PUBLISH', KEYS[3], ARGV[9]) end
            return 1
            """);

    /**
     * The holder of a lease gives its run up: back in line (drain, or a failed delivery), or to the
     * dead letters when it failed too often. Reply: {'lost'} | {'ended'} | {'requeued'} | {'dead_lettered', failures}.
     */
    private static final LuaScript RELEASE = new LuaScript(LIB + """
            if redis.call('HGET', KEYS[1], 'lease') ~= ARGV[1] then return {'lost'} end
            if redis.call('HGET', KEYS[1], 'status') ~= 'running' then ack(KEYS[2], ARGV[3], ARGV[2]); return {'ended'} end
            if ARGV[5] ~= '' then
              local f = redis.call('HINCRBY', KEYS[1], 'failures', 1)
              append(KEYS[1], 'errors', ARGV[5])
              if f >= tonumber(ARGV[6]) then
                deadLetter(KEYS[1], KEYS[3], KEYS[4], ARGV[7], ARGV[8] .. ' (after ' .. f .. ' failed deliveries)', f)
                ack(KEYS[2], ARGV[3], ARGV[2])
                return {'dead_lettered', tostring(f)}
              end
            end
            redis.call('HSET', KEYS[1], 'status', 'queued')
            redis.call('HDEL', KEYS[1], 'node', 'started_at', 'lease')
            append(KEYS[1], 'timeline', ARGV[4])
            local entry = redis.call('XADD', KEYS[2], '*', 'run_id', redis.call('HGET', KEYS[1], 'run_id'), 'requeued', '1')
            redis.call('HSET', KEYS[1], 'entry', entry)
            ack(KEYS[2], ARGV[3], ARGV[2])
            if ARGV[9] ~= '' then redis.call('PUBLISH', KEYS[5], ARGV[9]) end
            return {'requeued'}
            """);

    /** Steps of a running run, stored while it runs by the holder of its lease: 1 stored, 0 not ours or not running. */
    private static final LuaScript APPEND_STEPS = new LuaScript(LIB + """
            if redis.call('HGET', KEYS[1], 'lease') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'status') ~= 'running' then return 0 end
            append(KEYS[1], 'timeline', ARGV[2])
            return 1
            """);

    /** A dead-lettered run back in line: 1 replayed, 0 not a dead letter. */
    private static final LuaScript REPLAY = new LuaScript(LIB + """
            local e = redis.call('HGET', KEYS[4], ARGV[1])
            if not e then return 0 end
            redis.call('HDEL', KEYS[4], ARGV[1])
            redis.call('XDEL', KEYS[3], e)
            if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
            redis.call('HSET', KEYS[1], 'status', 'queued', 'failures', '0')
            redis.call('HDEL', KEYS[1], 'error_code', 'error_message', 'finished_at', 'node', 'started_at', 'lease', 'output')
            append(KEYS[1], 'timeline', ARGV[2])
            local entry = redis.call('XADD', KEYS[2], '*', 'run_id', ARGV[1], 'requeued', '1')
            redis.call('HSET', KEYS[1], 'entry', entry)
            if ARGV[3] ~= '' then redis.call('PUBLISH', KEYS[5], ARGV[3]) end
            return 1
            """);

    public record Created(Run run, boolean created) {}

    /** What taking a delivered run gave: the run (claimed), nothing (refused), or a dead letter. */
    public record Claim(Outcome outcome, Run run, String previousNode, int failures) {
        public enum Outcome { CLAIMED, REFUSED, DEAD_LETTERED }
    }

    /** What giving a run up did. */
    public enum Release { LOST, ENDED, REQUEUED, DEAD_LETTERED }

    /** Where a run's queue entry is, so a transition can forget it in the same step. */
    public record Entry(String agent, String entryId, String group) {}

    /** An outcome to store: {@code succeeded} with output and usage, or {@code failed} with an error. */
    public record Outcome(String status, String output, String errorCode, String errorMessage,
                          int promptTokens, int completionTokens, int attempts, String model, String fallbackReason) {
        public static Outcome succeeded(String output, int prompt, int completion, int attempts, String model, String fallbackReason) {
            return new Outcome("succeeded", output, null, null, prompt, completion, attempts, model, fallbackReason);
        }

        public static Outcome failed(String code, String message, int attempts) {
            return new Outcome("failed", null, code, message, 0, 0, attempts, null, null);
        }
    }

    /** A session turn to remember with a successful outcome (written only if the outcome is). */
    public record SessionTurn(String sessionId, String turnJson, int maxTurns, Duration ttl) {}

    public static final ObjectMapper JSON = Json.MAPPER;

    private final UnifiedJedis redis;
    private final Keys keys;
    private final Clock clock;
    private final Duration retention;

    public RunStore(UnifiedJedis redis, Keys keys, Clock clock, Duration retention) {
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.retention = retention;
    }

    /** Stores and enqueues a run; the event {@code queuedEvent} makes for its id (JSON, or null) is published with it. */
    public Created create(RunRequest request, String model, java.util.function.Function<String, String> queuedEvent) {
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
        fields.put("timeline", "[" + entry(now, "queued", null, null, null) + "]");
        if (request.sessionId() != null) fields.put("session_id", request.sessionId());
        if (request.idempotencyKey() != null) fields.put("idempotency_key", request.idempotencyKey());
        if (!request.metadata().isEmpty()) fields.put("metadata", write(request.metadata()));
        putPrincipal(fields, request.principal()); // kernel-chain: who submitted the run

        List<String> args = new ArrayList<>();
        args.add(request.idempotencyKey() != null ? "1" : "0");
        args.add(id);
        args.add(Long.toString(retention.toSeconds()));
        args.add(Long.toString(now.toEpochMilli()));
        String event = queuedEvent == null ? null : queuedEvent.apply(id);
        args.add(event == null ? "" : event);
        fields.forEach((k, v) -> { args.add(k); args.add(v); });
        String idemKey = keys.idempotency(request.idempotencyKey() != null ? request.idempotencyKey() : "-");
        Object result = CREATE.eval(redis,
                List.of(idemKey, keys.run(id), keys.runIndex(), keys.queue(request.agent()), keys.events()), args);
        String existing = (String) result;
        if (!existing.equals(id)) {
            Run run = find(existing).orElseThrow(() -> new IllegalStateException("idempotent run vanished: " + existing));
            return new Created(run, false);
        }
        // the run as accepted: an agent may already have moved it on, but the caller hears "queued"
        return new Created(new Run(id, request.agent(), RunStatus.QUEUED, request.input(), null, null, null, null, null,
                model, request.sessionId(), request.idempotencyKey(), request.metadata(), null, 0, now, null, null,
                0, 0, null, null, null, request.principal()), true);
    }

    public Created create(RunRequest request, String model) {
        return create(request, model, null);
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

    /** The run a client idempotency key already created, if any. */
    public Optional<Run> findByIdempotencyKey(String key) {
        String id = redis.get(keys.idempotency(key));
        return id == null ? Optional.empty() : find(id);
    }

    /** The lease a run is held under now (null when none). */
    public String lease(String id) {
        return redis.hget(keys.run(id), "lease");
    }

    /** Runs by id in one round trip; missing ones (expired) are absent. */
    public Map<String, Run> findAll(List<String> ids) {
        Map<String, Run> out = new LinkedHashMap<>();
        List<Map<String, String>> hashes = fetchAll(ids);
        for (int i = 0; i < ids.size(); i++) if (!hashes.get(i).isEmpty()) out.put(ids.get(i), fromHash(hashes.get(i)));
        return out;
    }

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

    /**
     * Takes a delivered run under {@code lease}. {@code reclaimed}: the entry was taken over from a
     * node that stopped renewing its lease, which counts as a failed delivery; at
     * {@code maxFailures} the run is dead-lettered instead. {@code startedEvent} is published on success.
     */
    public Claim claim(String id, String node, String lease, boolean reclaimed, int maxFailures, Entry entry, String startedEvent) {
        Instant now = clock.instant();
        String timeline = reclaimed ? entry(now, "reclaimed", null, "taken over after the lease expired", null) + ","
                + entry(now, "started", null, "on " + node, null) : entry(now, "started", null, "on " + node, null);
        Object reply = CLAIM.eval(redis,
                List.of(keys.run(id), keys.queue(entry.agent()), keys.deadLetters(), keys.deadLetterIndex(), keys.events()),
                List.of(node, now.toString(), lease, reclaimed ? "1" : "0", Integer.toString(maxFailures),
                        entry.entryId(), entry.group(), timeline, startedEvent == null ? "" : startedEvent));
        List<?> flat = (List<?>) reply;
        String outcome = (String) flat.getFirst();
        return switch (outcome) {
            case "claimed" -> {
                Map<String, String> h = new HashMap<>();
                for (int i = 2; i + 1 < flat.size(); i += 2) h.put((String) flat.get(i), (String) flat.get(i + 1));
                String prev = (String) flat.get(1);
                yield new Claim(Claim.Outcome.CLAIMED, fromHash(h), prev.isEmpty() ? null : prev, 0);
            }
            case "dead_lettered" -> new Claim(Claim.Outcome.DEAD_LETTERED, null, null, Integer.parseInt((String) flat.get(1)));
            default -> new Claim(Claim.Outcome.REFUSED, null, null, 0);
        };
    }

    /** Stores an outcome if {@code lease} is still the run's; see {@link #FINISH} for the reply. */
    public int finish(String id, String lease, Entry entry, Outcome o, List<RunTimeline.Entry> timeline,
                      SessionTurn turn, String endEvent) {
        Instant now = clock.instant();
        List<String> args = new ArrayList<>();
        args.add(lease);
        args.add(entry.entryId());
        args.add(entry.group());
        args.add(fragment(timeline, entry(now, o.status(), o.model(),
                o.status().equals("failed") ? o.errorCode() : null, null)));
        args.add(o.status());
        args.add(turn == null ? "0" : Long.toString(turn.ttl().toMillis()));
        args.add(turn == null ? "" : turn.turnJson());
        args.add(turn == null ? "1" : Integer.toString(turn.maxTurns()));
        args.add(endEvent == null ? "" : endEvent);
        args.addAll(List.of("status", o.status(), "attempts", Integer.toString(o.attempts()), "finished_at", now.toString()));
        if (o.status().equals("succeeded")) {
            args.addAll(List.of("output", o.output(), "prompt_tokens", Integer.toString(o.promptTokens()),
                    "completion_tokens", Integer.toString(o.completionTokens())));
            if (o.model() != null) args.addAll(List.of("model", o.model()));
            if (o.fallbackReason() != null) args.addAll(List.of("fallback_reason", o.fallbackReason()));
        } else {
            args.addAll(List.of("error_code", o.errorCode(), "error_message", o.errorMessage()));
        }
        String session = turn == null ? keys.session("-") : keys.session(turn.sessionId());
        return ((Long) FINISH.eval(redis, List.of(keys.run(id), keys.queue(entry.agent()), keys.events(), session), args)).intValue();
    }

    /**
     * Gives a run up under {@code lease}: back in line, or — when {@code errorCode} is set (a failed
     * delivery) and the run failed {@code maxFailures} times — to the dead letters.
     */
    public Release release(String id, String lease, Entry entry, String node, String errorCode, String errorMessage,
                           int maxFailures, List<RunTimeline.Entry> timeline, String queuedEvent) {
        Instant now = clock.instant();
        String error = errorCode == null ? "" : write(Map.of("at", now.toString(), "node", node, "code", errorCode, "message", errorMessage));
        String steps = fragment(timeline, entry(now, "handed_back", null,
                errorCode == null ? "by " + node : errorCode + " on " + node + ": " + errorMessage, null));
        List<?> flat = (List<?>) RELEASE.eval(redis,
                List.of(keys.run(id), keys.queue(entry.agent()), keys.deadLetters(), keys.deadLetterIndex(), keys.events()),
                List.of(lease, entry.entryId(), entry.group(), steps, error, Integer.toString(maxFailures), now.toString(),
                        errorCode == null ? "" : errorCode + ": " + errorMessage, queuedEvent == null ? "" : queuedEvent));
        return Release.valueOf(((String) flat.getFirst()).toUpperCase());
    }

    /** Stores the steps a running run took so far (an operator watching it sees them); false when the lease is no longer ours. */
    public boolean appendSteps(String id, String lease, List<RunTimeline.Entry> steps) {
        if (steps.isEmpty()) return true;
        return ((Long) APPEND_STEPS.eval(redis, List.of(keys.run(id)), List.of(lease, fragment(steps, null)))) == 1;
    }

    /** Puts a dead-lettered run back in line: 1 replayed, 0 not a dead letter, -1 the run expired. */
    public int replay(String id, String agent, String by, String queuedEvent) {
        String step = entry(clock.instant(), "replayed", null, "by " + by, null);
        return ((Long) REPLAY.eval(redis,
                List.of(keys.run(id), keys.queue(agent), keys.deadLetters(), keys.deadLetterIndex(), keys.events()),
                List.of(id, step, queuedEvent == null ? "" : queuedEvent))).intValue();
    }

    /** queued or running → cancelled; false when the run had already ended (or is unknown). */
    public boolean cancel(String id) {
        Instant now = clock.instant();
        return transition(id, "queued,running", List.of(), entry(now, "cancelled", null, "by an operator", null),
                "status", "cancelled", "error_code", "cancelled", "error_message", "cancelled by an operator",
                "finished_at", now.toString()) == 1;
    }

    /** Fails a run that is in one of {@code from} without a lease (a run the runtime cannot go on with). */
    public boolean fail(String id, String from, String code, String message, int attempts) {
        Instant now = clock.instant();
        return transition(id, from, List.of(), entry(now, "failed", null, code, null),
                "status", "failed", "error_code", code, "error_message", message,
                "attempts", Integer.toString(attempts), "finished_at", now.toString()) == 1;
    }

    private long transition(String id, String from, List<String> clear, String timeline, String... fieldValues) {
        List<String> args = new ArrayList<>();
        args.add(from);
        args.add(clear.isEmpty() ? "" : write(clear));
        args.add(timeline);
        args.addAll(List.of(fieldValues));
        return (Long) TRANSITION.eval(redis, List.of(keys.run(id)), args);
    }

    /** A fresh lease token: the node's id and a random tail, so a log shows whose it was. */
    public static String newLease(String node) {
        return node + ":" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    }

    /** Timeline entries as the comma-separated JSON objects the scripts append; {@code last} (already JSON) may be null. */
    private static String fragment(List<RunTimeline.Entry> entries, String last) {
        java.util.StringJoiner sj = new java.util.StringJoiner(",");
        if (entries != null) for (RunTimeline.Entry e : entries) sj.add(write(e));
        if (last != null) sj.add(last);
        return sj.toString();
    }

    private static String entry(Instant at, String kind, String model, String detail, Long durationMs) {
        return write(new RunTimeline.Entry(at, kind, model, detail, durationMs));
    }

    private Run fromHash(Map<String, String> h) {
        return new Run(h.get("run_id"), h.get("agent"), RunStatus.fromWire(h.get("status")), h.get("input"),
                h.get("output"), h.get("error_code"), h.get("error_message"),
                intOrNull(h.get("prompt_tokens")), intOrNull(h.get("completion_tokens")), h.get("model"),
                h.get("session_id"), h.get("idempotency_key"), readMap(h.get("metadata")), h.get("node"),
                intOr0(h.get("attempts")),
                instantOrNull(h.get("created_at")), instantOrNull(h.get("started_at")), instantOrNull(h.get("finished_at")),
                intOr0(h.get("deliveries")), intOr0(h.get("failures")), h.get("fallback_reason"),
                h.get("timeline"), h.get("errors"), principal(h));
    }

    // kernel-chain: the principal of a run, as four fields of its hash
    private static void putPrincipal(Map<String, String> fields, Principal p) {
        fields.put("key_id", p.keyId());
        fields.put("key_name", p.keyName());
        fields.put("operator_role", p.role().name().toLowerCase());
        fields.put("tool_role", p.toolRole());
    }

    /** The run's principal; null for a run stored before runs recorded it (or with a damaged one). */
    private static Principal principal(Map<String, String> h) {
        String keyId = h.get("key_id");
        if (keyId == null) return null;
        try {
            return new Principal(keyId, h.get("key_name"), OperatorRole.valueOf(h.get("operator_role").toUpperCase()), h.get("tool_role"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String newId() {
        // time-ordered, so ids sort roughly by creation; random tail keeps nodes from colliding
        long millis = System.currentTimeMillis();
        long rnd = ThreadLocalRandom.current().nextLong() >>> 1;
        return "run_" + Long.toString(millis, 36) + Long.toString(rnd, 36);
    }

    private static Integer intOrNull(String s) { return s == null ? null : Integer.valueOf(s); }

    private static int intOr0(String s) { return s == null ? 0 : Integer.parseInt(s); }

    private static Instant instantOrNull(String s) { return s == null ? null : Instant.parse(s); }

    static String write(Object o) {
        return Json.write(o);
    }

    private Map<String, String> readMap(String s) {
        if (s == null) return Map.of();
        try {
            return JSON.readValue(s, new TypeReference<HashMap<String, String>>() {});
        } catch (Exception e) {
            return Map.of();
        }
    }
}
