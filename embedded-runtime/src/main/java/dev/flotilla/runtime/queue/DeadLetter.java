package dev.flotilla.runtime.queue;

import dev.flotilla.runtime.run.Run;
import java.time.Instant;
import java.util.Optional;

/** A run whose deliveries failed too often; {@code run} is absent when the run itself expired since. */
public record DeadLetter(String runId, String agent, Instant at, int failures, Optional<Run> run) {

    /** What putting a dead letter back in line did. */
    public enum Replay { REPLAYED, NOT_FOUND, RUN_EXPIRED }
}
