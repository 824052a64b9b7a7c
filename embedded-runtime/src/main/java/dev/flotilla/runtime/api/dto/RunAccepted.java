package dev.flotilla.runtime.api.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.flotilla.runtime.run.Run;

/** The answer to a submission (new, or found by its idempotency key) and to a replay: the run's id and status. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunAccepted(String runId, String status) {

    public static RunAccepted of(Run run) {
        return new RunAccepted(run.id(), run.status().wire());
    }
}
