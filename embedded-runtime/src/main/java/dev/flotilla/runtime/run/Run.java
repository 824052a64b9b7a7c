package dev.flotilla.runtime.run;

import dev.flotilla.runtime.kernel.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A run as stored in Redis: what was asked, of whom, what happened, and where. {@code deliveries}
 * counts the times a node took it; {@code failures} the deliveries that ended without an outcome
 * (the node died, the runtime failed). {@code timelineJson} and {@code errorsJson} are JSON arrays
 * as stored (see {@link RunTimeline}); null when empty. {@code principal} submitted it (null for
 * runs stored before runs recorded it).
 */
public record Run(String id, String agent, RunStatus status, String input, String output,
                  String errorCode, String errorMessage, Integer promptTokens, Integer completionTokens,
                  String model, String sessionId, String idempotencyKey, Map<String, String> metadata,
                  String node, int attempts, Instant createdAt, Instant startedAt, Instant finishedAt,
                  int deliveries, int failures, String fallbackReason, String timelineJson, String errorsJson,
                  Principal principal) {

    /** A run as stored before runs recorded who submitted them. */
    public Run(String id, String agent, RunStatus status, String input, String output,
               String errorCode, String errorMessage, Integer promptTokens, Integer completionTokens,
               String model, String sessionId, String idempotencyKey, Map<String, String> metadata,
               String node, int attempts, Instant createdAt, Instant startedAt, Instant finishedAt,
               int deliveries, int failures, String fallbackReason, String timelineJson, String errorsJson) {
        this(id, agent, status, input, output, errorCode, errorMessage, promptTokens, completionTokens, model, sessionId,
                idempotencyKey, metadata, node, attempts, createdAt, startedAt, finishedAt, deliveries, failures, fallbackReason,
                timelineJson, errorsJson, null);
    }

    public Integer totalTokens() {
        return promptTokens == null ? null : promptTokens + (completionTokens == null ? 0 : completionTokens);
    }

    public Long durationMillis() {
        return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt).toMillis();
    }
}
