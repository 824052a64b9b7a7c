package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A run that failed delivery too often ({@code GET /v1/dead-letters}): what it was asked, how often
 * it was delivered and how many of those deliveries failed, the run's error and the error of each
 * failed delivery, oldest first. {@code input}, {@code deliveries}, {@code error} and {@code errors}
 * are absent when the run itself expired since.
 *
 * <p>The run's {@code error} of a dead letter is always {@code dead_lettered} (its message says
 * why); the cause worth showing is the last delivery's own code, {@link #lastErrorCode()}.
 * {@code failures} counts failed deliveries since the last replay, {@code deliveries} every
 * delivery of the run, replays included.
 */
public record DeadLetter(@JsonProperty("run_id") String runId,
                         String agent,
                         String input,
                         int deliveries,
                         Integer failures,
                         @JsonProperty("dead_lettered_at") Instant deadLetteredAt,
                         RunInfo.Error error,
                         List<DeliveryError> errors) {

    /** The code of every dead-lettered run, which says nothing of why. */
    public static final String DEAD_LETTERED = "dead_lettered";

    public DeadLetter {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One failed delivery: when, on which node, and why. */
    public record DeliveryError(Instant at, String node, String code, String message) {}

    /** Failed deliveries that made it a dead letter: {@code failures}, else (older nodes) its deliveries. */
    public int failedDeliveries() {
        return failures != null ? failures : deliveries;
    }

    /** Why its last delivery failed (e.g. {@code internal_error}, {@code lease_expired}); null when unknown. */
    public String lastErrorCode() {
        for (int i = errors.size() - 1; i >= 0; i--) {
            String code = errors.get(i).code();
            if (code != null && !code.isBlank()) return code;
        }
        return error == null || DEAD_LETTERED.equals(error.code()) ? null : error.code();
    }
}
