package dev.flotilla.runtime.fleet;

/**
 * Whether this node takes runs: {@code active}; {@code paused} (it takes nothing new from the
 * queue; its gateway still accepts runs, which other nodes run); {@code draining} (paused, and its
 * gateway refuses new runs). Once closed it stays as it is.
 */
public final class NodeState {

    private volatile boolean paused;
    private volatile boolean draining;
    private volatile boolean closed;

    /** {@code active}, {@code paused} or {@code draining}, as operators see it. */
    public String name() {
        return draining ? "draining" : paused ? "paused" : "active";
    }

    public boolean paused() { return paused; }

    public boolean draining() { return draining; }

    /** True while the pools must take nothing from the queue. */
    public boolean holdsRuns() { return paused || draining; }

    public boolean closed() { return closed; }

    /**
     * Moves to {@code active}, {@code paused} or {@code draining}; true when the state changed.
     * A closed node stays as it is.
     *
     * @throws IllegalArgumentException for any other state
     */
    public boolean set(String state) {
        if (closed) return false;
        String before = name();
        switch (state) {
            case "paused" -> { paused = true; draining = false; }
            case "draining" -> { paused = true; draining = true; }
            case "active" -> { paused = false; draining = false; }
            default -> throw new IllegalArgumentException("unknown node state: " + state);
        }
        return !before.equals(name());
    }

    /** The node is shutting down: it drains, and no command changes that any more. */
    public void closeDraining() {
        closed = true;
        draining = true;
    }

    /** The node is gone (or never started): no command changes its state any more. */
    public void close() {
        closed = true;
    }
}
