package dev.flotilla.runtime.api.dto;

import dev.flotilla.runtime.kernel.Principal;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.flotilla.runtime.run.Run;
import dev.flotilla.runtime.run.RunOutcome;
import dev.flotilla.runtime.run.RunRequest;
import java.time.Instant;
import java.util.Map;

/**
 * A run as {@code GET /v1/runs/{id}} answers it (docs/API.md); absent values are left out. In a
 * list, {@code inputTruncated}/{@code outputTruncated} mark a text cut to its preview; {@code annotations}
 * (e.g. the input guard's {@code guard.verdict}) only when the run has any.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunView(String runId, String agent, String status, String input, Boolean inputTruncated, String output,
                      Boolean outputTruncated, ErrorBody.Error error,
                      Usage usage, Double costUsd, String model, String sessionId, String idempotencyKey, Map<String, String> metadata,
                      String node, Who principal, int attempts, int deliveries, String fallbackReason, JsonNode timeline,
                      Instant createdAt, Instant startedAt, Instant finishedAt, Long durationMs, String traceId,
                      Map<String, String> annotations) {

    /** A run without a cost, a trace id or annotations. */
    public RunView(String runId, String agent, String status, String input, Boolean inputTruncated, String output,
                   Boolean outputTruncated, ErrorBody.Error error,
                   Usage usage, String model, String sessionId, String idempotencyKey, Map<String, String> metadata,
                   String node, Who principal, int attempts, int deliveries, String fallbackReason, JsonNode timeline,
                   Instant createdAt, Instant startedAt, Instant finishedAt, Long durationMs) {
        this(runId, agent, status, input, inputTruncated, output, outputTruncated, error, usage, null, model, sessionId, idempotencyKey,
                metadata, node, principal, attempts, deliveries, fallbackReason, timeline, createdAt, startedAt, finishedAt, durationMs, null, null);
    }

    /**
     * Tokens of the run's model calls; both counts are written, null included, once the run has any.
     * The details (cached input, reasoning, cache writes) only when a provider reported them.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Usage(Integer promptTokens, Integer completionTokens, Integer totalTokens,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer cachedInputTokens,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer reasoningTokens,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer cacheWriteTokens) {
        static Usage of(dev.flotilla.runtime.run.Usage u) {
            boolean d = u.detailed();
            return new Usage(u.promptTokens(), u.completionTokens(), u.totalTokens(),
                    d ? u.cachedInputTokens() : null, d ? u.reasoningTokens() : null, d ? u.cacheWriteTokens() : null);
        }
    }

    /** Who submitted the run: a key's id (never the key) and name, its operator role and the run's tool role. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Who(String keyId, String keyName, String operatorRole, String toolRole) {
        static Who of(Principal p) {
            return p == null ? null : new Who(p.keyId(), p.keyName(), p.role().name().toLowerCase(java.util.Locale.ROOT), p.toolRole());
        }
    }

    public static RunView of(Run r) {
        return of(r, false, false);
    }

    /** A run in a list: its input or output may be a preview. */
    public static RunView listed(dev.flotilla.runtime.run.RunList.Listed l) {
        return of(l.run(), l.inputTruncated(), l.outputTruncated());
    }

    private static RunView of(Run r, boolean inputTruncated, boolean outputTruncated) {
        RunRequest q = r.request();
        RunOutcome o = r.outcome();
        return new RunView(r.id(), q.agent(), r.status().wire(), q.input(), inputTruncated ? true : null, o.output(),
                outputTruncated ? true : null,
                o.error() == null ? null : new ErrorBody.Error(o.error().code(), o.error().message()),
                r.usage() == null ? null : Usage.of(r.usage()),
                r.usage() == null ? null : r.usage().costUsd(),
                r.model(), q.sessionId(), q.idempotencyKey(), q.metadata().isEmpty() ? null : q.metadata(), r.node(),
                Who.of(r.principal()), o.attempts(), r.deliveries(), o.fallbackReason(),
                r.timelineJson() == null ? null : StoredJson.array(r.timelineJson()),
                r.createdAt(), r.startedAt(), r.finishedAt(), r.durationMillis(),
                // the W3C trace id the tracing module gave the run (a module field), when it is traced
                r.extension("x_trace_id"), r.annotations().isEmpty() ? null : r.annotations());
    }
}
