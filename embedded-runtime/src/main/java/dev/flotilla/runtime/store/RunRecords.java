package dev.flotilla.runtime.store;

import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.kernel.RunFields;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.queue.Delivery;
import dev.flotilla.runtime.queue.QueueFullException;
import dev.flotilla.runtime.run.IdempotencyKeyReusedException;
import dev.flotilla.runtime.run.Run;
import dev.flotilla.runtime.run.RunError;
import dev.flotilla.runtime.run.RunList;
import dev.flotilla.runtime.run.RunOutcome;
import dev.flotilla.runtime.run.RunRequest;
import dev.flotilla.runtime.run.RunStatus;
import dev.flotilla.runtime.run.RunTimeline;
import dev.flotilla.runtime.run.Usage;
import dev.flotilla.runtime.store.lua.AppendSteps;
import dev.flotilla.runtime.store.lua.ClaimRun;
import dev.flotilla.runtime.store.lua.CreateRun;
import dev.flotilla.runtime.store.lua.EndRun;
import dev.flotilla.runtime.store.lua.FinishRun;
import dev.flotilla.runtime.store.lua.IndexStatuses;
import dev.flotilla.runtime.store.lua.TrimRunIndexes;
import dev.flotilla.runtime.store.lua.ListRuns;
import dev.flotilla.runtime.store.lua.ReleaseRun;
import dev.flotilla.runtime.store.lua.ReplayRun;
import dev.flotilla.runtime.store.lua.RunKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Runs in Redis: one hash per run (expiring after the retention time), an index of all runs and
 * one per rare end status, failed and cancelled (sorted by creation time, kept by the scripts in
 * the same step as the status changes, trimmed of expired runs by {@link #trimIndexes} now and then), and an idempotency key per client key with the fingerprint of its request. Creation
 * and every change of state are single Lua scripts that also move the run's queue entry and
 * announce the change, so a run is stored whole or not at all, two nodes never both move the same
 * run, and each step costs one round trip.
 *
 * <p>A node that takes a run holds a <em>lease</em>: a token written on the run when it is
 * claimed. Only the holder of the current lease may store an outcome, hand the run back or forget
 * its queue entry, so a node that stalled past its lease (and had the run reclaimed by another)
 * writes nothing: results, memory and counters are written once.
 *
 * <p>Every method throws {@link StoreUnavailableException} when Redis cannot be reached and
 * {@link StoreFullException} when it is at its memory limit.
 */
public final class RunRecords {

    /** Runs waiting or in flight per agent before new ones are refused, unless configured. */
    public static final long DEFAULT_MAX_QUEUE_DEPTH = 100_000;
    /** A list shows at most this much of a run's input and of its output (UTF-8 bytes, never cutting a character). */
    public static final int LIST_PREVIEW_BYTES = 1_024;
    /**
     * A list of queued, running or succeeded runs reads at most this many of the newest runs (a
     * few milliseconds of Redis); beyond, it is cut short. Failed and cancelled runs are indexed.
     */
    public static final int STATUS_WALK = 5_000;
    /** A list stops once its runs hold this much stored text. */
    public static final long LIST_BUDGET_BYTES = 4L * 1024 * 1024;

    public record Created(Run run, boolean created) {}

    /** What taking a delivered run gave: the run (claimed), nothing (refused), or a dead letter. */
    public record Claim(Outcome outcome, Run run, String previousNode, int failures) {
        public enum Outcome { CLAIMED, REFUSED, DEAD_LETTERED }
    }

    /** What storing an outcome did. */
    public enum Finish {
        STORED,
        /** The run no longer runs (cancelled meanwhile): its entry is forgotten, nothing else written. */
        ENDED,
        /** Another node holds the lease now: nothing written. */
        LOST
    }

    /** What giving a run up did; {@code failures} counts its failed deliveries when it became a dead letter. */
    public record Released(Release outcome, int failures) {}

    public enum Release { LOST, ENDED, REQUEUED, DEAD_LETTERED }

    /** What putting a dead letter back in line did. */
    public enum Replay { REPLAYED, NOT_DEAD_LETTERED, EXPIRED }

    /** A session turn to remember with a successful outcome (written only if the outcome is). */
    public record SessionTurn(String sessionId, String turnJson, int maxTurns, Duration ttl) {}

    private final Redis redis;
    private final Keys keys;
    private final Clock clock;
    private final Duration retention;
    private final long maxQueueDepth;

    public RunRecords(Store store, Keys keys, Clock clock, Duration retention, long maxQueueDepth) {
        if (maxQueueDepth < 1) throw new IllegalArgumentException("maxQueueDepth < 1: " + maxQueueDepth);
        this.redis = store.redis();
        this.keys = keys;
        this.clock = clock;
        this.retention = retention;
        this.maxQueueDepth = maxQueueDepth;
    }

    /**
     * Stores and enqueues a run; the event {@code queuedEvent} makes for its id (JSON, or null) is
     * published with it. With an idempotency key already used, the run it made (not created again).
     *
     * @throws IdempotencyKeyReusedException the key made a run of a different request
     * @throws QueueFullException            the agent's line holds the most runs it may
     */
    public Created create(RunRequest request, String model, Function<String, String> queuedEvent) {
        return create(request, model, queuedEvent, Map.of());
    }

    /** As {@link #create(RunRequest, String, Function)}, with module fields ({@code kernel.RunFields}) stored on the run. */
    public Created create(RunRequest request, String model, Function<String, String> queuedEvent, Map<String, String> extensions) {
        return create(request, model, queuedEvent, extensions, Map.of());
    }

    /**
     * As {@link #create(RunRequest, String, Function, Map)}, also keeping {@code annotations} (admission
     * interceptors' notes) in the run's hash, written in the same script.
     */
    public Created create(RunRequest request, String model, Function<String, String> queuedEvent, Map<String, String> extensions,
                          Map<String, String> annotations) {
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
        fields.put("timeline", "[" + step(now, "queued", null, null) + "]");
        if (request.sessionId() != null) fields.put("session_id", request.sessionId());
        if (request.idempotencyKey() != null) fields.put("idempotency_key", request.idempotencyKey());
        if (!request.metadata().isEmpty()) fields.put("metadata", Json.write(request.metadata()));
        putPrincipal(fields, request.principal());
        putExtensions(fields, extensions);
        annotations.forEach((k, v) -> fields.put(ANNOTATION + k, v));
        String event = queuedEvent == null ? null : queuedEvent.apply(id);
        String idemKey = keys.idempotency(request.idempotencyKey() != null ? request.idempotencyKey() : "-");
        CreateRun.Reply reply = redis.call(j -> CreateRun.call(j, idemKey, request.idempotencyKey(), keys.run(id), keys.runIndex(),
                keys.queue(request.agent()), keys.events(), id, retention.toSeconds(), now.toEpochMilli(),
                // the fingerprint (a SHA-256 over the whole request) only matters under an idempotency key
                request.idempotencyKey() != null ? request.fingerprint() : "", maxQueueDepth, event, fields));
        return switch (reply.outcome()) {
            case CREATED -> new Created(new Run(id, request, RunStatus.QUEUED, model, RunOutcome.NONE, null, null, 0, 0,
                    now, null, null, null, null, smallOnes(extensions), annotations), true); // as accepted: an agent may have moved it on already
            case EXISTS -> new Created(find(reply.value())
                    .orElseThrow(() -> new IllegalStateException("idempotent run vanished: " + reply.value())), false);
            case REUSED -> throw new IdempotencyKeyReusedException(request.idempotencyKey(), reply.value());
            case QUEUE_FULL -> throw new QueueFullException(request.agent(), Long.parseLong(reply.value()), maxQueueDepth);
        };
    }

    public Created create(RunRequest request, String model) {
        return create(request, model, null);
    }

    public Optional<Run> find(String id) {
        Map<String, String> h = redis.call(j -> j.hgetAll(keys.run(id)));
        return h.isEmpty() ? Optional.empty() : Optional.of(fromHash(h));
    }

    /**
     * Newest first, all runs or those in {@code status} (failed, cancelled: from their index; others:
     * among the newest {@link #STATUS_WALK} runs): at most {@code limit}
     * runs, with previews of long texts ({@link #LIST_PREVIEW_BYTES}), stopping at {@link #LIST_BUDGET_BYTES}.
     */
    public RunList recent(RunStatus status, int limit) {
        // failed and cancelled runs have an index each; other statuses are found walking all runs
        boolean indexed = status == RunStatus.FAILED || status == RunStatus.CANCELLED;
        String index = indexed ? keys.runsWithStatus(status.wire()) : keys.runIndex();
        String walkFor = status == null || indexed ? null : status.wire();
        ListRuns.Reply reply = redis.call(j -> ListRuns.call(j, index, keys.run(""), limit, LIST_PREVIEW_BYTES, LIST_BUDGET_BYTES,
                walkFor, STATUS_WALK));
        List<RunList.Listed> runs = new ArrayList<>(reply.runs().size());
        for (Map<String, String> h : reply.runs()) {
            runs.add(new RunList.Listed(fromHash(h), h.containsKey("input_truncated"), h.containsKey("output_truncated")));
        }
        return new RunList(List.copyOf(runs), reply.cutShort());
    }

    /**
     * The run a client idempotency key already made for this request, if any.
     *
     * @throws IdempotencyKeyReusedException the key made a run of a different request
     */
    public Optional<Run> findByIdempotencyKey(RunRequest request) {
        String value = redis.call(j -> j.get(keys.idempotency(request.idempotencyKey())));
        if (value == null) return Optional.empty();
        int sep = value.indexOf(' ');
        String id = sep < 0 ? value : value.substring(0, sep); // a mapping from before fingerprints: just the id
        if (sep >= 0 && !value.substring(sep + 1).equals(request.fingerprint())) {
            throw new IdempotencyKeyReusedException(request.idempotencyKey(), id);
        }
        return find(id);
    }

    /**
     * Takes runs past the retention time (their hashes have expired) out of the indexes; a node's
     * sweeper calls it now and then. Returns the index entries removed.
     */
    public long trimIndexes() {
        long oldest = clock.millis() - retention.toMillis();
        return redis.call(j -> TrimRunIndexes.call(j, keys.runIndex(), oldest));
    }

    /**
     * Puts the runs a version without status indexes stored into them, once per fleet (a few
     * round trips at a node's start; none once done), so a status filter finds them too.
     */
    public void indexOlderRuns() {
        String done = keys.statusIndexesBuilt();
        if (redis.call(j -> j.exists(done))) return;
        int slice = 1_000;
        for (long from = 0; ; from += slice) {
            long at = from;
            if (redis.call(j -> IndexStatuses.call(j, keys.runIndex(), keys.run(""), at, slice)) < slice) break;
        }
        redis.run(j -> j.set(done, clock.instant().toString()));
    }

    /** The lease a run is held under now (null when none). */
    public String lease(String id) {
        return redis.call(j -> j.hget(keys.run(id), "lease"));
    }

    /** Runs by id in one round trip; missing ones (expired) are absent. */
    public Map<String, Run> findAll(List<String> ids) {
        List<Map<String, String>> hashes = redis.call(j -> {
            List<redis.clients.jedis.Response<Map<String, String>>> replies = new ArrayList<>(ids.size());
            try (var pipeline = j.pipelined()) {
                for (String id : ids) replies.add(pipeline.hgetAll(keys.run(id)));
                pipeline.sync();
            }
            List<Map<String, String>> out = new ArrayList<>(replies.size());
            for (var reply : replies) out.add(reply.get());
            return out;
        });
        Map<String, Run> out = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) if (!hashes.get(i).isEmpty()) out.put(ids.get(i), fromHash(hashes.get(i)));
        return out;
    }

    /**
     * Takes a delivered run under {@code lease}. A reclaimed delivery (taken over from a node that
     * stopped renewing its lease) counts as a failed delivery; at {@code maxFailures} the run is
     * dead-lettered instead. {@code startedEvent} is published on success.
     */
    public Claim claim(String id, String node, String lease, Delivery delivery, int maxFailures, String startedEvent) {
        Instant now = clock.instant();
        String started = step(now, "started", null, "on " + node);
        String steps = delivery.reclaimed() ? step(now, "reclaimed", null, "taken over after the lease expired") + "," + started : started;
        ClaimRun.Reply reply = redis.call(j -> ClaimRun.call(j, runKeys(id, delivery.agent()), node, now.toString(), lease,
                delivery.reclaimed(), maxFailures, delivery.entryId(), QueueStore.GROUP, steps, startedEvent));
        return switch (reply) {
            case ClaimRun.Claimed c -> new Claim(Claim.Outcome.CLAIMED, fromHash(c.run()), c.previousNode(), 0);
            case ClaimRun.DeadLettered d -> new Claim(Claim.Outcome.DEAD_LETTERED, null, null, d.failures());
            case ClaimRun.Refused r -> new Claim(Claim.Outcome.REFUSED, null, null, 0);
        };
    }

    /**
     * Stores an outcome if {@code lease} is still the run's: succeeded (with {@code usage} and the
     * {@code model} that answered) or failed, with the steps not stored yet, the session turn and
     * the end event, and forgets the queue entry.
     */
    public Finish finish(String id, String lease, Delivery delivery, RunOutcome outcome, Usage usage, String model,
                         List<RunTimeline.Entry> timeline, SessionTurn turn, String endEvent) {
        return finish(id, lease, delivery, outcome, usage, model, timeline, turn, endEvent, Map.of());
    }

    /** As the other {@code finish}, with module fields ({@code kernel.RunFields}) written in the same step. */
    public Finish finish(String id, String lease, Delivery delivery, RunOutcome outcome, Usage usage, String model,
                         List<RunTimeline.Entry> timeline, SessionTurn turn, String endEvent, Map<String, String> extensions) {
        Instant now = clock.instant();
        String status = outcome.endStatus().wire();
        boolean succeeded = outcome.error() == null;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("attempts", Integer.toString(outcome.attempts()));
        fields.put("finished_at", now.toString());
        if (succeeded) {
            fields.put("output", outcome.output());
            Usage u = usage == null ? new Usage(0, 0) : usage;
            fields.put("prompt_tokens", Integer.toString(u.promptTokens()));
            fields.put("completion_tokens", Integer.toString(u.completionTokens()));
            if (u.detailed()) { // only providers that report them (never the simulated model): no cost to other runs
                fields.put("cached_input_tokens", Integer.toString(u.cachedInputTokens()));
                fields.put("reasoning_tokens", Integer.toString(u.reasoningTokens()));
                fields.put("cache_write_tokens", Integer.toString(u.cacheWriteTokens()));
            }
            if (u.costUsd() != null) fields.put("cost_usd", Double.toString(u.costUsd()));
            if (model != null) fields.put("model", model);
            if (outcome.fallbackReason() != null) fields.put("fallback_reason", outcome.fallbackReason());
        } else {
            fields.put("error_code", outcome.error().code());
            fields.put("error_message", outcome.error().message());
        }
        putExtensions(fields, extensions);
        String steps = fragment(timeline, step(now, status, model, succeeded ? null : outcome.error().code()));
        FinishRun.SessionTurn session = turn == null ? null
                : new FinishRun.SessionTurn(keys.session(turn.sessionId()), turn.turnJson(), turn.maxTurns(), turn.ttl().toMillis());
        FinishRun.Reply reply = redis.call(j -> FinishRun.call(j, runKeys(id, delivery.agent()), lease, delivery.entryId(),
                QueueStore.GROUP, steps, status, session, keys.session("-"), endEvent, fields));
        return Finish.valueOf(reply.name());
    }

    /**
     * Gives a run up under {@code lease}: back in line, or, when {@code error} is set (a failed
     * delivery) and the run failed {@code maxFailures} times, to the dead letters.
     */
    public Released release(String id, String lease, Delivery delivery, String node, RunError error, int maxFailures,
                            List<RunTimeline.Entry> timeline, String queuedEvent) {
        Instant now = clock.instant();
        String failure = error == null ? null
                : Json.write(Map.of("at", now.toString(), "node", node, "code", error.code(), "message", error.message()));
        String steps = fragment(timeline, step(now, "handed_back", null,
                error == null ? "by " + node : error.code() + " on " + node + ": " + error.message()));
        String why = error == null ? null : error.code() + ": " + error.message();
        ReleaseRun.Reply reply = redis.call(j -> ReleaseRun.call(j, runKeys(id, delivery.agent()), lease, delivery.entryId(),
                QueueStore.GROUP, steps, failure, maxFailures, now.toString(), why, queuedEvent));
        return new Released(Release.valueOf(reply.outcome().name()), reply.failures());
    }

    /** Stores the steps a running run took so far (an operator watching it sees them); false when the lease is no longer ours. */
    public boolean appendSteps(String id, String lease, List<RunTimeline.Entry> steps) {
        if (steps.isEmpty()) return true;
        String fragment = fragment(steps, null);
        return redis.call(j -> AppendSteps.call(j, keys.run(id), lease, fragment));
    }

    /** Puts a dead-lettered run back in line. */
    public Replay replay(String id, String agent, String by, String queuedEvent) {
        String step = step(clock.instant(), "replayed", null, "by " + by);
        ReplayRun.Reply reply = redis.call(j -> ReplayRun.call(j, runKeys(id, agent), id, step, queuedEvent));
        return Replay.valueOf(reply.name());
    }

    /** queued or running → cancelled; false when the run had already ended (or is unknown). */
    public boolean cancel(String id) {
        Instant now = clock.instant();
        return end(id, List.of(RunStatus.QUEUED, RunStatus.RUNNING), RunStatus.CANCELLED,
                step(now, "cancelled", null, "by an operator"),
                Map.of("error_code", "cancelled", "error_message", "cancelled by an operator", "finished_at", now.toString()));
    }

    /** Fails a run that is in one of {@code from} without a lease (a run the runtime cannot go on with). */
    public boolean fail(String id, List<RunStatus> from, RunError error, int attempts) {
        Instant now = clock.instant();
        return end(id, from, RunStatus.FAILED, step(now, "failed", null, error.code()),
                Map.of("error_code", error.code(), "error_message", error.message(), "attempts", Integer.toString(attempts),
                        "finished_at", now.toString()));
    }

    private boolean end(String id, List<RunStatus> from, RunStatus to, String step, Map<String, String> fields) {
        List<String> fromWire = from.stream().map(RunStatus::wire).toList();
        return redis.call(j -> EndRun.call(j, keys.run(id), keys.runIndex(), fromWire, to.wire(), step, fields)) == EndRun.Reply.ENDED;
    }

    private RunKeys runKeys(String id, String agent) {
        return new RunKeys(keys.run(id), keys.queue(agent), keys.deadLetters(), keys.deadLetterIndex(), keys.events(), keys.runIndex());
    }

    /** A fresh lease token: the node's id and a random tail, so a log shows whose it was. */
    public static String newLease(String node) {
        return node + ":" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    }

    /** Timeline entries as the comma-separated JSON objects the scripts append; {@code last} (already JSON) may be null. */
    private static String fragment(List<RunTimeline.Entry> entries, String last) {
        StringJoiner sj = new StringJoiner(",");
        if (entries != null) for (RunTimeline.Entry e : entries) sj.add(Json.write(e));
        if (last != null) sj.add(last);
        return sj.toString();
    }

    private static String step(Instant at, String kind, String model, String detail) {
        return Json.write(new RunTimeline.Entry(at, kind, model, detail, null));
    }

    private static Run fromHash(Map<String, String> h) {
        RunRequest request = new RunRequest(h.get("agent"), h.get("input"), h.get("session_id"), h.get("idempotency_key"),
                readMap(h.get("metadata")), principal(h));
        String code = h.get("error_code");
        RunOutcome outcome = new RunOutcome(h.get("output"), code == null ? null : new RunError(code, h.get("error_message")),
                intOr0(h.get("attempts")), h.get("fallback_reason"));
        Usage usage = h.get("prompt_tokens") == null ? null
                : new Usage(Integer.parseInt(h.get("prompt_tokens")), intOr0(h.get("completion_tokens")),
                        intOr0(h.get("cached_input_tokens")), intOr0(h.get("reasoning_tokens")), intOr0(h.get("cache_write_tokens")),
                        h.get("cost_usd") == null ? null : Double.valueOf(h.get("cost_usd")));
        return new Run(h.get("run_id"), request, RunStatus.fromWire(h.get("status")), h.get("model"), outcome, usage,
                h.get("node"), intOr0(h.get("deliveries")), intOr0(h.get("failures")),
                instantOrNull(h.get("created_at")), instantOrNull(h.get("started_at")), instantOrNull(h.get("finished_at")),
                h.get("timeline"), h.get("errors"), smallOnes(h), annotations(h));
    }

    /** Module fields to write with the run's own; a name that is not one ({@code x_…}/{@code xl_…}) is refused. */
    private static void putExtensions(Map<String, String> fields, Map<String, String> extensions) {
        extensions.forEach((k, v) -> {
            if (!RunFields.isName(k)) throw new IllegalArgumentException("not a module field of a run: " + k);
            fields.put(k, v);
        });
    }

    /** The small module fields ({@code x_…}) of a run's hash: the large ones stay where they are read on purpose. */
    private static Map<String, String> smallOnes(Map<String, String> h) {
        Map<String, String> out = new HashMap<>();
        h.forEach((k, v) -> { if (k.startsWith("x_") && RunFields.isName(k)) out.put(k, v); });
        return out;
    }

    /** Fields of a run's hash that hold its annotations start with this. */
    private static final String ANNOTATION = "a.";

    private static Map<String, String> annotations(Map<String, String> h) {
        Map<String, String> out = null;
        for (Map.Entry<String, String> e : h.entrySet()) {
            if (!e.getKey().startsWith(ANNOTATION)) continue;
            if (out == null) out = new java.util.TreeMap<>();
            out.put(e.getKey().substring(ANNOTATION.length()), e.getValue());
        }
        return out == null ? Map.of() : out;
    }

    private static String newId() {
        // time-ordered, so ids sort roughly by creation; random tail keeps nodes from colliding
        long millis = System.currentTimeMillis();
        long rnd = ThreadLocalRandom.current().nextLong() >>> 1;
        return "run_" + Long.toString(millis, 36) + Long.toString(rnd, 36);
    }

    private static int intOr0(String s) { return s == null ? 0 : Integer.parseInt(s); }

    private static Instant instantOrNull(String s) { return s == null ? null : Instant.parse(s); }

    private static Map<String, String> readMap(String s) {
        if (s == null) return Map.of();
        try {
            return Json.MAPPER.readValue(s, new TypeReference<HashMap<String, String>>() {});
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** Who submitted a run, as four fields of its hash. */
    private static void putPrincipal(Map<String, String> fields, Principal p) {
        fields.put("key_id", p.keyId());
        fields.put("key_name", p.keyName());
        fields.put("operator_role", p.role().name().toLowerCase(java.util.Locale.ROOT));
        fields.put("tool_role", p.toolRole());
    }

    /** A run stored before runs recorded who submitted them (or with a damaged record) reads as {@link #UNRECORDED}. */
    private static Principal principal(Map<String, String> h) {
        String keyId = h.get("key_id");
        if (keyId == null) return UNRECORDED;
        try {
            return new Principal(keyId, h.get("key_name"), OperatorRole.valueOf(h.get("operator_role").toUpperCase(java.util.Locale.ROOT)),
                    h.get("tool_role"));
        } catch (RuntimeException e) {
            return UNRECORDED;
        }
    }

    /** The principal of runs whose submitter was not recorded. */
    public static final Principal UNRECORDED = Principal.system("unrecorded");
}
