package dev.flotilla.runtime.kernel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The run a call belongs to: who submitted it, its id, its agent and input, until when it may
 * run, where its steps are written and how it is stopped. Made once when a node starts running
 * the run, and shared by every call the run makes. {@code fields} are the run's module fields
 * ({@link RunFields}): as stored, and what interceptors put to store with its outcome.
 */
public record RunScope(Principal principal, String runId, String agent, String input, Instant deadline,
                       Timeline timeline, RunControl control, RunFields fields) {

    /** A scope without module fields (a run that holds none yet). */
    public RunScope(Principal principal, String runId, String agent, String input, Instant deadline,
                    Timeline timeline, RunControl control) {
        this(principal, runId, agent, input, deadline, timeline, control, RunFields.empty());
    }

    public RunScope {
        Objects.requireNonNull(principal, "principal is null");
        Objects.requireNonNull(runId, "runId is null");
        Objects.requireNonNull(agent, "agent is null");
        Objects.requireNonNull(input, "input is null");
        Objects.requireNonNull(deadline, "deadline is null");
        Objects.requireNonNull(timeline, "timeline is null");
        Objects.requireNonNull(control, "control is null");
        Objects.requireNonNull(fields, "fields is null");
    }

    /** The same run, writing its steps to {@code other} (an interceptor that watches them passes this on). */
    public RunScope withTimeline(Timeline other) {
        return new RunScope(principal, runId, agent, input, deadline, other, control, fields);
    }

    /** Time left before the deadline on {@code clock}; zero or negative once it has passed. */
    public Duration left(Clock clock) {
        return Duration.between(clock.instant(), deadline);
    }
}
