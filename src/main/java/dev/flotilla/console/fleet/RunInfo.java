package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/** A run as {@code GET /v1/runs/{id}} returns it; absent values are null. */
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
        @JsonProperty("duration_ms") Long durationMs) {

    public record Error(String code, String message) {}

    public record Usage(@JsonProperty("prompt_tokens") int promptTokens,
                        @JsonProperty("completion_tokens") int completionTokens,
                        @JsonProperty("total_tokens") int totalTokens) {}

    public Integer totalTokens() {
        return usage == null ? null : usage.totalTokens();
    }
}
