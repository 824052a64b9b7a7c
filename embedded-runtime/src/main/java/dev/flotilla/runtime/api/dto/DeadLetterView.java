package dev.flotilla.runtime.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.flotilla.runtime.queue.DeadLetter;
import dev.flotilla.runtime.run.Run;
import java.time.Instant;

/** One dead letter (docs/API.md); the run's fields are absent when the run itself has expired. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeadLetterView(String runId, String agent, Instant deadLetteredAt, int failures, String input,
                             Integer deliveries, ErrorBody.Error error, JsonNode errors, JsonNode timeline) {

    public static DeadLetterView of(DeadLetter l) {
        Run r = l.run().orElse(null);
        if (r == null) return new DeadLetterView(l.runId(), l.agent(), l.at(), l.failures(), null, null, null, null, null);
        return new DeadLetterView(l.runId(), l.agent(), l.at(), l.failures(), r.request().input(), r.deliveries(),
                r.outcome().error() == null ? null : new ErrorBody.Error(r.outcome().error().code(), r.outcome().error().message()),
                StoredJson.array(r.errorsJson()), StoredJson.array(r.timelineJson()));
    }
}
