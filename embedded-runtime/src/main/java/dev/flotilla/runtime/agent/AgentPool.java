package dev.flotilla.runtime.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded set of agents of one definition on this node. The dispatcher takes an idle agent
 * before it takes a run from the queue, so a node never holds more runs than it has agents: runs
 * beyond that wait in the queue. Scaling down retires idle agents at once and busy ones after
 * their run, so no run is dropped. The pool also carries its autoscaling bounds ({@link #setBounds});
 * {@link Autoscaler} moves the size within them, and only when {@code min < max}.
 *
 * <p>Size and bounds never contradict each other: without autoscaling ({@code min == max}) they are
 * one number, so a manual {@link #scale} or a fixed bound moves both. With autoscaling, a manual size
 * outside the bounds is allowed for one cool-down and says so ({@link Snapshot#held()}) until the
 * autoscaler moves it back ({@link #autoscaleTo}).
 */
public final class AgentPool {

    public static final int MAX_SIZE = 1024;

    public enum State { IDLE, BUSY, RETIRING }

    /** A read-only picture of one agent. */
    public record AgentSnapshot(String id, State state, String currentRun, long runsDone) {}

    /**
     * A read-only picture of the pool; {@code autoscale} is {@code min < max}; {@code held} means an
     * operator set the size outside {@code [min, max]} and the autoscaler moves it back within them
     * once its cool-down has passed.
     */
    public record Snapshot(String agent, int size, int busy, int idle, int min, int max, boolean autoscale,
                           boolean held, List<AgentSnapshot> agents) {}

    /** One agent of the pool; mutable only under the pool's lock. */
    public static final class PoolAgent {
        private final String id;
        private boolean taken;      // handed to the dispatcher (waiting for or running a run)
        private boolean retiring;   // leaves the pool when released
        private String currentRun;
        private long runsDone;

        private PoolAgent(String id) { this.id = id; }

        public String id() { return id; }
    }

    private final String agent;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final List<PoolAgent> agents = new ArrayList<>();
    private int nextNumber = 1;
    private int maxBusySeen;
    private int min;
    private int max;
    private boolean manualSize; // the size was last set by an operator, not by the autoscaler

    /** A pool of {@code size} agents with autoscaling off (min = max = size). */
    public AgentPool(String agent, int size) {
        this.agent = agent;
        checkSize(size);
        lock.lock();
        try {
            resizeLocked(size);
            min = size;
            max = size;
        } finally {
            lock.unlock();
        }
    }

    public String agent() { return agent; }

    /** Waits up to {@code timeout} for an idle agent and takes it; null when none came free. */
    public PoolAgent acquire(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (PoolAgent a : agents) {
                    if (!a.taken && !a.retiring) {
                        a.taken = true;
                        return a;
                    }
                }
                if (nanos <= 0) return null;
                nanos = released.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The taken agent starts on a run. */
    public void begin(PoolAgent a, String runId) {
        lock.lock();
        try {
            a.currentRun = runId;
            maxBusySeen = Math.max(maxBusySeen, busyLocked());
        } finally {
            lock.unlock();
        }
    }

    /** The agent is free again (after a run, or when no run came); a retiring agent leaves the pool. */
    public void release(PoolAgent a) {
        lock.lock();
        try {
            if (a.currentRun != null) {
                a.runsDone++;
                a.currentRun = null;
            }
            a.taken = false;
            if (a.retiring) agents.remove(a);
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * An operator's scale: sets the number of agents and returns the new size. Without autoscaling
     * the bounds follow ({@code min = max = size}); with autoscaling they stay, and a size outside
     * them is {@link Snapshot#held()} until the autoscaler moves it back.
     */
    public int scale(int size) {
        checkSize(size);
        lock.lock();
        try {
            if (min == max) {
                min = size;
                max = size;
            }
            manualSize = true;
            return resizeLocked(size);
        } finally {
            lock.unlock();
        }
    }

    /** The autoscaler's scale: sets the number of agents within the bounds it read; returns the new size. */
    public int autoscaleTo(int size) {
        checkSize(size);
        lock.lock();
        try {
            manualSize = false;
            return resizeLocked(size);
        } finally {
            lock.unlock();
        }
    }

    private static void checkSize(int size) {
        if (size < 1 || size > MAX_SIZE) throw new IllegalArgumentException("pool size not in [1," + MAX_SIZE + "]: " + size);
    }

    private int resizeLocked(int size) {
        int current = sizeLocked();
        // un-retire busy agents first when growing back, then add new ones
        for (PoolAgent a : agents) {
            if (current >= size) break;
            if (a.retiring) { a.retiring = false; current++; }
        }
        while (current < size) {
            agents.add(new PoolAgent(agent + "-" + nextNumber++));
            current++;
        }
        // shrink: idle agents leave now, busy ones after their run (newest first)
        for (int i = agents.size() - 1; i >= 0 && current > size; i--) {
            PoolAgent a = agents.get(i);
            if (a.retiring) continue;
            if (!a.taken) agents.remove(i);
            else a.retiring = true;
            current--;
        }
        released.signalAll();
        return current;
    }

    /**
     * Sets the autoscaling bounds. {@code min == max} turns autoscaling off and makes that the size at
     * once (a pool without autoscaling has one number for all three). Otherwise the size is left as
     * it is: the autoscaler brings it within the bounds on its next step.
     */
    public void setBounds(int min, int max) {
        if (min < 1 || max > MAX_SIZE || min > max) {
            throw new IllegalArgumentException("autoscale bounds must satisfy 1 <= min <= max <= " + MAX_SIZE + ": min " + min + ", max " + max);
        }
        lock.lock();
        try {
            this.min = min;
            this.max = max;
            if (min == max && sizeLocked() != min) resizeLocked(min);
        } finally {
            lock.unlock();
        }
    }

    public int min() {
        lock.lock();
        try {
            return min;
        } finally {
            lock.unlock();
        }
    }

    public int max() {
        lock.lock();
        try {
            return max;
        } finally {
            lock.unlock();
        }
    }

    /** True when the autoscaler may change this pool's size ({@code min < max}). */
    public boolean autoscale() {
        lock.lock();
        try {
            return min < max;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return sizeLocked();
        } finally {
            lock.unlock();
        }
    }

    public int busy() {
        lock.lock();
        try {
            return busyLocked();
        } finally {
            lock.unlock();
        }
    }

    /** The most agents ever busy at once; lets tests check the bound. */
    public int maxBusySeen() {
        lock.lock();
        try {
            return maxBusySeen;
        } finally {
            lock.unlock();
        }
    }

    public Snapshot snapshot() {
        lock.lock();
        try {
            List<AgentSnapshot> list = new ArrayList<>();
            for (PoolAgent a : agents) {
                State s = a.retiring ? State.RETIRING : a.currentRun != null ? State.BUSY : State.IDLE;
                list.add(new AgentSnapshot(a.id, s, a.currentRun, a.runsDone));
            }
            int busy = busyLocked();
            int size = sizeLocked();
            boolean held = manualSize && min < max && (size < min || size > max);
            return new Snapshot(agent, size, busy, Math.max(0, size - busy), min, max, min < max, held, List.copyOf(list));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every agent is back in the pool (none busy, none handed to a worker that has not
     * begun yet), or the timeout passes; true when all are back. Call after the dispatcher stopped.
     */
    public boolean awaitAllReleased(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (agents.stream().anyMatch(a -> a.taken)) {
                if (nanos <= 0) return false;
                nanos = released.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private int sizeLocked() {
        int n = 0;
        for (PoolAgent a : agents) if (!a.retiring) n++;
        return n;
    }

    private int busyLocked() {
        int n = 0;
        for (PoolAgent a : agents) if (a.currentRun != null) n++;
        return n;
    }
}
