package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A run that failed delivery too often ({@code GET /v1/dead-letters}): what it was asked, how often
 * it was delivered, its last error and the error of each failed delivery, oldest first.
 */
public record DeadLetter(@JsonProperty("run_id") String runId,
                         String agent,
                         String input,
                         int deliveries,
                         @JsonProperty("dead_lettered_at") Instant deadLetteredAt,
                         RunInfo.Error error,
                         List<DeliveryError> errors) {

    public DeadLetter {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One failed delivery: when, on which node, and why. */
    public record DeliveryError(Instant at, String node, String code, String message) {}
}
