package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One runtime event from {@code GET /v1/events}. Run events fill the run fields, {@code pool.scaled}
 * fills agent and size, {@code demo.changed} fills enabled; the rest stay null.
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
        Boolean enabled) implements FleetSignal {

    public static final String RUN_QUEUED = "run.queued";
    public static final String RUN_STARTED = "run.started";
    public static final String RUN_SUCCEEDED = "run.succeeded";
    public static final String RUN_FAILED = "run.failed";
    public static final String RUN_CANCELLED = "run.cancelled";
    public static final String POOL_SCALED = "pool.scaled";
    public static final String DEMO_CHANGED = "demo.changed";

    public boolean isRun() {
        return type != null && type.startsWith("run.") && runId != null;
    }

    /** A run that ended, with or without success (cancellations are not counted as either). */
    public boolean isRunFinished() {
        return RUN_SUCCEEDED.equals(type) || RUN_FAILED.equals(type);
    }
}
