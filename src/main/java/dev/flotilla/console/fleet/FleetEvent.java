package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Set;

/**
 * One runtime event from {@code GET /v1/events} (and the {@code recent} list of {@code GET /v1/resilience}).
 * The wire form is flat: each type fills the fields it has (see the runtime's {@code RuntimeEvent})
 * and leaves the rest null. Run events fill the run fields, {@code pool.scaled} agent, size, from
 * and reason, {@code demo.changed} enabled, and the resilience and fleet events the fields below
 * {@code enabled}. {@code from} is text because it is a model for {@code model.fallback}, a breaker
 * state for {@code breaker.changed} and a size for {@code pool.scaled}.
 */
public record FleetEvent(
        String type,
        Instant time,
        String node,
        @JsonProperty("run_id") String runId,
        String agent,
        RunStatus status,
        @JsonProperty("duration_ms") Long durationMs,
        @JsonProperty("total_tokens") Integer totalTokens,
        Integer attempts,
        @JsonProperty("error_code") String errorCode,
        Integer size,
        Boolean enabled,
        String provider,
        String model,
        Integer attempt,
        @JsonProperty("wait_ms") Long waitMs,
        String from,
        String to,
        String reason,
        String limit,
        String scope,
        String subject,
        @JsonProperty("retry_after_ms") Long retryAfterMs,
        String state,
        @JsonProperty("from_node") String fromNode,
        Integer deliveries,
        Integer offset,
        String text) implements FleetSignal {

    public static final String RUN_QUEUED = "run.queued";
    public static final String RUN_STARTED = "run.started";
    public static final String RUN_SUCCEEDED = "run.succeeded";
    public static final String RUN_FAILED = "run.failed";
    public static final String RUN_CANCELLED = "run.cancelled";
    public static final String POOL_SCALED = "pool.scaled";
    public static final String DEMO_CHANGED = "demo.changed";
    public static final String MODEL_RETRIED = "model.retried";
    public static final String MODEL_FALLBACK = "model.fallback";
    public static final String BREAKER_CHANGED = "breaker.changed";
    public static final String PROVIDER_THROTTLED = "provider.throttled";
    public static final String RATELIMIT_REJECTED = "ratelimit.rejected";
    public static final String RUN_RECLAIMED = "run.reclaimed";
    public static final String DEADLETTER_ADDED = "deadletter.added";
    public static final String DEADLETTER_REPLAYED = "deadletter.replayed";
    public static final String NODE_STATE = "node.state";
    /** A streamed answer grew: {@code text} goes at {@code offset} of the run's current answer. */
    public static final String RUN_DELTA = "run.delta";

    /** The types the resilience panel lists, as {@code GET /v1/resilience} names them. */
    public static final Set<String> RESILIENCE_TYPES = Set.of(MODEL_RETRIED, MODEL_FALLBACK, BREAKER_CHANGED,
            PROVIDER_THROTTLED, RATELIMIT_REJECTED, RUN_RECLAIMED, DEADLETTER_ADDED, DEADLETTER_REPLAYED, NODE_STATE, POOL_SCALED);

    /** The shape of the first slice's events, for code that knows nothing of the resilience fields. */
    public FleetEvent(String type, Instant time, String node, String runId, String agent, RunStatus status, Long durationMs,
                      Integer totalTokens, Integer attempts, String errorCode, Integer size, Boolean enabled) {
        this(type, time, node, runId, agent, status, durationMs, totalTokens, attempts, errorCode, size, enabled,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The wire form before streamed answers ({@code offset}, {@code text}), for code that knows nothing of them. */
    public FleetEvent(String type, Instant time, String node, String runId, String agent, RunStatus status, Long durationMs,
                      Integer totalTokens, Integer attempts, String errorCode, Integer size, Boolean enabled, String provider,
                      String model, Integer attempt, Long waitMs, String from, String to, String reason, String limit,
                      String scope, String subject, Long retryAfterMs, String state, String fromNode, Integer deliveries) {
        this(type, time, node, runId, agent, status, durationMs, totalTokens, attempts, errorCode, size, enabled, provider,
                model, attempt, waitMs, from, to, reason, limit, scope, subject, retryAfterMs, state, fromNode, deliveries, null, null);
    }

    /**
     * A run's own state change. {@code run.reclaimed} carries a run id too but is no state of the
     * run (it is running again on another node), so the runs table does not take it as one; nor is
     * {@code run.delta} (its answer growing).
     */
    public boolean isRun() {
        return type != null && type.startsWith("run.") && runId != null && !RUN_RECLAIMED.equals(type) && !RUN_DELTA.equals(type);
    }

    /** A run that ended, with or without success (cancellations are not counted as either). */
    public boolean isRunFinished() {
        return RUN_SUCCEEDED.equals(type) || RUN_FAILED.equals(type);
    }

    public boolean isResilience() {
        return type != null && RESILIENCE_TYPES.contains(type);
    }

    public boolean isDeadLetter() {
        return type != null && type.startsWith("deadletter.");
    }
}
