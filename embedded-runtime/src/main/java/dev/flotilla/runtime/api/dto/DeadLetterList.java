package dev.flotilla.runtime.api.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.flotilla.runtime.queue.DeadLetter;
import java.util.List;

/** {@code GET /v1/dead-letters}: newest first. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DeadLetterList(List<DeadLetterView> deadLetters) {

    public static DeadLetterList of(List<DeadLetter> letters) {
        return new DeadLetterList(letters.stream().map(DeadLetterView::of).toList());
    }
}
