package dev.flotilla.runtime.kernel;

import java.time.Instant;

/**
 * Where a call writes what happened to its run, for the run's timeline (docs/API.md, "timeline").
 * Thread-safe; entries are kept in the order written. An interceptor writes a step when the run's
 * operator should see it: a retry, a wait, a refusal; never one per interceptor per call.
 */
public interface Timeline {

    /**
     * One step: {@code kind} names it (attempt, retry, wait, fallback, breaker_open, …), {@code model}
     * is {@code provider/model} when a model took part, {@code detail} says what happened in words;
     * {@code durationMs} how long it took, or null.
     */
    void add(Instant at, String kind, String model, String detail, Long durationMs);

    /**
     * A tool call: {@code tool} its name, {@code outcome} {@code ok}, {@code error} or
     * {@code refused}, {@code detail} why it failed or was refused (null when ok).
     */
    void tool(Instant at, String tool, String outcome, String detail, long durationMs);

    /** A timeline that keeps nothing. */
    Timeline NONE = new Timeline() {
        @Override public void add(Instant at, String kind, String model, String detail, Long durationMs) { }
        @Override public void tool(Instant at, String tool, String outcome, String detail, long durationMs) { }
    };
}
