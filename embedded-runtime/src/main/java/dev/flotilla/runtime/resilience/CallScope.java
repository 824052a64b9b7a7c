package dev.flotilla.runtime.resilience;

import dev.flotilla.runtime.agent.RunHandle;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.run.RunTimeline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One run's side of a model call: who asks (for events), which models to try in order, until when,
 * where to write what happened, and the handle that lets a cancel or a drain interrupt the waits.
 */
public record CallScope(String runId, String agent, List<ModelRef> chain, Instant deadline,
                        RunTimeline timeline, RunHandle handle) {

    public CallScope {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(agent, "agent");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) throw new IllegalArgumentException("empty model chain for agent " + agent);
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(handle, "handle");
    }

    /** Time left before the deadline on {@code clock}; zero or negative once it has passed. */
    public Duration left(Clock clock) {
        return Duration.between(clock.instant(), deadline);
    }
}
