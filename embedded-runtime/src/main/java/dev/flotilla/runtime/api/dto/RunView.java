package dev.flotilla.runtime.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.run.Run;
import java.time.Instant;
import java.util.Map;

/** A run as {@code GET /v1/runs/{id}} answers it (docs/API.md); absent values are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunView(String runId, String agent, String status, String input, String output, ErrorBody.Error error,
                      Usage usage, String model, String sessionId, String idempotencyKey, Map<String, String> metadata,
                      String node, Who principal, int attempts, int deliveries, String fallbackReason, JsonNode timeline,
                      Instant createdAt, Instant startedAt, Instant finishedAt, Long durationMs) {

    /** Tokens of the run's model calls; both counts are written, null included, once the run has any. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Usage(Integer promptTokens, Integer completionTokens, Integer totalTokens) {}

    /** Who submitted the run: a key's id (never the key) and name, its operator role and the run's tool role. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Who(String keyId, String keyName, String operatorRole, String toolRole) {
        static Who of(Principal p) {
            return p == null ? null : new Who(p.keyId(), p.keyName(), p.role().name().toLowerCase(), p.toolRole());
        }
    }

    public static RunView of(Run r) {
        return new RunView(r.id(), r.agent(), r.status().wire(), r.input(), r.output(),
                r.errorCode() == null ? null : new ErrorBody.Error(r.errorCode(), r.errorMessage()),
                r.promptTokens() == null ? null : new Usage(r.promptTokens(), r.completionTokens(), r.totalTokens()),
                r.model(), r.sessionId(), r.idempotencyKey(), r.metadata().isEmpty() ? null : r.metadata(), r.node(),
                Who.of(r.principal()), r.attempts(), r.deliveries(), r.fallbackReason(),
                r.timelineJson() == null ? null : StoredJson.array(r.timelineJson()),
                r.createdAt(), r.startedAt(), r.finishedAt(), r.durationMillis());
    }
}
