package dev.flotilla.runtime.queue;

/** An agent's line is at its most: new runs are refused until it shortens. */
public final class QueueFullException extends RuntimeException {

    private final String agent;
    private final long depth;

    public QueueFullException(String agent, long depth, long max) {
        super("agent '" + agent + "' has " + depth + " runs in line (the most is " + max + "); retry later or add agents");
        this.agent = agent;
        this.depth = depth;
    }

    public String agent() { return agent; }

    public long depth() { return depth; }
}
