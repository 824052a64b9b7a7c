package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run as {@code GET /v1/runs/{id}} returns it; absent values are null. {@code deliveries},
 * {@code fallbackReason} and {@code timeline} come from nodes of issue 3 on; an older node's run
 * has an empty timeline. When a fallback model answered, {@code model} is that model as
 * {@code provider/model} and {@code fallbackReason} says why.
 */
public record RunInfo(
        @JsonProperty("run_id") String id,
        String agent,
        RunStatus status,
        String input,
        String output,
        Error error,
        Usage usage,
        String model,
        @JsonProperty("session_id") String sessionId,
        @JsonProperty("idempotency_key") String idempotencyKey,
        Map<String, String> metadata,
        String node,
        Integer attempts,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        @JsonProperty("duration_ms") Long durationMs,
        Integer deliveries,
        @JsonProperty("fallback_reason") String fallbackReason,
        List<TimelineEntry> timeline,
        @JsonProperty("cost_usd") Double costUsd,
        Map<String, String> annotations) {

    public RunInfo {
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** True when the node's input guard flagged the run's input as a likely prompt injection. */
    public boolean guardFlagged() {
        return "flagged".equals(annotations.get("guard.verdict"));
    }

    /** A run without cost or annotations (what admission policy noted, e.g. the input guard's {@code guard.verdict}). */
    public RunInfo(String id, String agent, RunStatus status, String input, String output, Error error, Usage usage,
                   String model, String sessionId, String idempotencyKey, Map<String, String> metadata, String node,
                   Integer attempts, Instant createdAt, Instant startedAt, Instant finishedAt, Long durationMs,
                   Integer deliveries, String fallbackReason, List<TimelineEntry> timeline) {
        this(id, agent, status, input, output, error, usage, model, sessionId, idempotencyKey, metadata, node, attempts,
                createdAt, startedAt, finishedAt, durationMs, deliveries, fallbackReason, timeline, null, null);
    }

    /** A run with a cost, without annotations. */
    public RunInfo(String id, String agent, RunStatus status, String input, String output, Error error, Usage usage,
                   String model, String sessionId, String idempotencyKey, Map<String, String> metadata, String node,
                   Integer attempts, Instant createdAt, Instant startedAt, Instant finishedAt, Long durationMs,
                   Integer deliveries, String fallbackReason, List<TimelineEntry> timeline, Double costUsd) {
        this(id, agent, status, input, output, error, usage, model, sessionId, idempotencyKey, metadata, node, attempts,
                createdAt, startedAt, finishedAt, durationMs, deliveries, fallbackReason, timeline, costUsd, null);
    }

    /** A run with annotations, without a cost. */
    public RunInfo(String id, String agent, RunStatus status, String input, String output, Error error, Usage usage,
                   String model, String sessionId, String idempotencyKey, Map<String, String> metadata, String node,
                   Integer attempts, Instant createdAt, Instant startedAt, Instant finishedAt, Long durationMs,
                   Integer deliveries, String fallbackReason, List<TimelineEntry> timeline, Map<String, String> annotations) {
        this(id, agent, status, input, output, error, usage, model, sessionId, idempotencyKey, metadata, node, attempts,
                createdAt, startedAt, finishedAt, durationMs, deliveries, fallbackReason, timeline, null, annotations);
    }

    /** A run as the first slice's nodes describe it: no deliveries, no fallback, no timeline. */
    public RunInfo(String id, String agent, RunStatus status, String input, String output, Error error, Usage usage,
                   String model, String sessionId, String idempotencyKey, Map<String, String> metadata, String node,
                   Integer attempts, Instant createdAt, Instant startedAt, Instant finishedAt, Long durationMs) {
        this(id, agent, status, input, output, error, usage, model, sessionId, idempotencyKey, metadata, node, attempts,
                createdAt, startedAt, finishedAt, durationMs, null, null, null, null, null);
    }

    public record Error(String code, String message) {}

    public record Usage(@JsonProperty("prompt_tokens") int promptTokens,
                        @JsonProperty("completion_tokens") int completionTokens,
                        @JsonProperty("total_tokens") int totalTokens) {}

    /**
     * One step of a run's life, in order: {@code kind} is one of queued, started, reclaimed,
     * attempt, retry, wait, fallback, breaker_open, tool, handed_back, succeeded, failed, cancelled,
     * dead_lettered, replayed (a newer node may add kinds); {@code model} as {@code provider/model}
     * where a model took part. A {@code tool} step names its {@code tool} and its {@code outcome}
     * ({@code ok}, {@code error} or {@code refused}); other kinds leave both null. A node writes a
     * run's attempts, retries, waits and fallbacks with its outcome, so they show once the delivery has ended.
     */
    public record TimelineEntry(Instant at, String kind, String model, String detail,
                                @JsonProperty("duration_ms") Long durationMs, String tool, String outcome) {

        /** A step that is not a tool call. */
        public TimelineEntry(Instant at, String kind, String model, String detail, Long durationMs) {
            this(at, kind, model, detail, durationMs, null, null);
        }
    }

    public Integer totalTokens() {
        return usage == null ? null : usage.totalTokens();
    }
}
