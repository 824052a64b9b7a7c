package dev.flotilla.runtime.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A run as stored in Redis: what was asked, of whom, what happened, and where. */
public record Run(String id, String agent, RunStatus status, String input, String output,
                  String errorCode, String errorMessage, Integer promptTokens, Integer completionTokens,
                  String model, String sessionId, String idempotencyKey, Map<String, String> metadata,
                  String node, int attempts, Instant createdAt, Instant startedAt, Instant finishedAt) {

    public Integer totalTokens() {
        return promptTokens == null ? null : promptTokens + (completionTokens == null ? 0 : completionTokens);
    }

    public Long durationMillis() {
        return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt).toMillis();
    }
}
