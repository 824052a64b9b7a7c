package dev.flotilla.runtime.kernel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The run a call belongs to: who submitted it, its id, its agent and input, until when it may
 * run, where its steps are written and how it is stopped. Made once when a node starts running
 * the run, and shared by every call the run makes.
 */
public record RunScope(Principal principal, String runId, String agent, String input, Instant deadline,
                       Timeline timeline, RunControl control) {

    public RunScope {
        Objects.requireNonNull(principal, "principal is null");
        Objects.requireNonNull(runId, "runId is null");
        Objects.requireNonNull(agent, "agent is null");
        Objects.requireNonNull(input, "input is null");
        Objects.requireNonNull(deadline, "deadline is null");
        Objects.requireNonNull(timeline, "timeline is null");
        Objects.requireNonNull(control, "control is null");
    }

    /** Time left before the deadline on {@code clock}; zero or negative once it has passed. */
    public Duration left(Clock clock) {
        return Duration.between(clock.instant(), deadline);
    }
}
