package dev.flotilla.runtime.queue;

/**
 * One delivery of a run to this node: its entry in the agent's queue. {@code reclaimed}: taken
 * over from a node whose lease expired; {@code requeued}: put back by a node (drain, failed
 * delivery) or replayed.
 */
public record Delivery(String agent, String entryId, String runId, boolean reclaimed, boolean requeued) {

    /** Only a run's first trip through the line counts against the queue timeout. */
    public boolean firstInLine() {
        return !reclaimed && !requeued;
    }
}
