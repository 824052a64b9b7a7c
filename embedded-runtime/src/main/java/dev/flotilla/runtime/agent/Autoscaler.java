package dev.flotilla.runtime.agent;

import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves each pool of this node between its {@code min} and {@code max} ({@link AgentPool#setBounds})
 * from the fleet's queue depth for its agent and the pool's busy ratio. The decision is
 * {@link #decide}, a pure function of the signals, the time and what happened last; this class only
 * reads the signals once per {@link AutoscaleConfig#interval()}, applies the decision and announces
 * it as {@link RuntimeEvent.PoolScaled} with reason {@code autoscale}.
 *
 * <p>Rules: grow when runs wait and at least {@code upBusyRatio} of the agents are busy, by the
 * number waiting but at most doubling; shrink only after use stayed low (nothing waiting, fewer than
 * {@code lowBusyRatio} busy) for {@code downAfter}, to what the busy agents need at that ratio but at
 * most halving; never two changes within a cool-down. A manual scale counts as a change: it holds
 * for one cool-down (a size outside the bounds shows as {@link AgentPool.Snapshot#held()} meanwhile),
 * then the autoscaler moves the size back within the bounds ({@link AgentPool#autoscaleTo}). A pool
 * whose {@code min == max} is left alone.
 *
 * <p>Threading: {@link #tick()} runs on one scheduler thread; {@link #reset} may be called from any
 * thread.
 */
public final class Autoscaler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Autoscaler.class);
    public static final String REASON = "autoscale";

    /** What one pool looks like now; {@code queueDepth} counts the fleet's runs of this agent waiting for any node. */
    public record Signals(int size, int busy, long queueDepth, int min, int max) {}

    /**
     * What the autoscaler remembers of one pool: the size it last saw or set, when the size last
     * changed (null: not since the autoscaler started or the bounds changed), and since when use has
     * been low without a break (null: it is not low).
     */
    public record Memory(int lastSize, Instant lastChange, Instant lowSince) {
        public static Memory fresh(int size) { return new Memory(size, null, null); }
    }

    /** The size the pool should have, why, and what to remember for the next step. */
    public record Decision(int target, String why, Memory next) {}

    private final String nodeId;
    private final Collection<AgentPool> pools;
    private final ToLongFunction<String> queueDepth;
    private final Consumer<RuntimeEvent> publish;
    private final Runnable onChange;
    private final Clock clock;
    private final AutoscaleConfig config;
    private final Map<String, Memory> memory = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    /**
     * @param queueDepth runs of an agent waiting in the fleet's queue (may throw when Redis is away; that pool then waits a step)
     * @param publish    where {@code pool.scaled} events go
     * @param onChange   called after a change (the node beats, so the fleet view shows the new size at once)
     */
    public Autoscaler(String nodeId, Collection<AgentPool> pools, ToLongFunction<String> queueDepth,
                      Consumer<RuntimeEvent> publish, Runnable onChange, Clock clock, AutoscaleConfig config) {
        this.nodeId = nodeId;
        this.pools = pools;
        this.queueDepth = queueDepth;
        this.publish = publish;
        this.onChange = onChange;
        this.clock = clock;
        this.config = config;
    }

    /**
     * The pure decision for one pool. Returns {@code target == signals.size()} when nothing should
     * change. {@code m} may be null (a pool not seen before).
     */
    public static Decision decide(Signals s, Instant now, Memory m, AutoscaleConfig c) {
        if (m == null) m = Memory.fresh(s.size());
        if (s.size() != m.lastSize()) {
            // someone else (an operator) changed the size: that is a change, and it holds for a cool-down
            return new Decision(s.size(), "manual change seen", new Memory(s.size(), now, null));
        }
        if (s.min() >= s.max()) return new Decision(s.size(), "autoscaling off", new Memory(s.size(), m.lastChange(), null));

        double ratio = s.busy() / (double) Math.max(1, s.size());
        boolean low = s.queueDepth() == 0 && ratio < c.lowBusyRatio();
        Instant lowSince = low ? (m.lowSince() != null ? m.lowSince() : now) : null;
        Memory keep = new Memory(s.size(), m.lastChange(), lowSince);
        boolean cooledDown = m.lastChange() == null || !now.isBefore(m.lastChange().plus(c.cooldown()));
        if (!cooledDown) return new Decision(s.size(), "cooling down", keep);

        if (s.size() < s.min()) return change(s.min(), "below min", now);
        if (s.size() > s.max()) return change(s.max(), "above max", now);
        if (s.queueDepth() > 0 && ratio >= c.upBusyRatio() && s.size() < s.max()) {
            long step = Math.max(1, Math.min(s.queueDepth(), s.size()));
            return change((int) Math.min(s.max(), s.size() + step), s.queueDepth() + " waiting, " + s.busy() + "/" + s.size() + " busy", now);
        }
        if (low && !now.isBefore(lowSince.plus(c.downAfter())) && s.size() > s.min()) {
            int needed = (int) Math.ceil(s.busy() / c.lowBusyRatio());
            int target = Math.max(s.min(), Math.max(needed, (s.size() + 1) / 2));
            if (target < s.size()) return change(target, "low use since " + lowSince + ", " + s.busy() + "/" + s.size() + " busy", now);
        }
        return new Decision(s.size(), "steady", keep);
    }

    private static Decision change(int target, String why, Instant now) {
        return new Decision(target, why, new Memory(target, now, null));
    }

    /** Starts looking at the pools every {@link AutoscaleConfig#interval()}. */
    public synchronized void start() {
        if (scheduler != null) return;
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("autoscaler").factory());
        long every = config.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::tickQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Forgets what it knew of a pool (its bounds changed): the new bounds apply at the next step, without waiting for a cool-down. */
    public void reset(String agent) {
        memory.remove(agent);
    }

    /** One step over every pool; the scheduled loop calls this, tests call it directly. */
    public void tick() {
        Instant now = clock.instant();
        for (AgentPool pool : pools) {
            int size = pool.size();
            int min = pool.min();
            int max = pool.max();
            long depth = 0;
            if (min < max) {
                try {
                    depth = queueDepth.applyAsLong(pool.agent());
                } catch (RuntimeException e) {
                    log.debug("no queue depth for {} ({}); autoscaling waits a step", pool.agent(), e.getMessage());
                    continue;
                }
            }
            Decision d = decide(new Signals(size, pool.busy(), depth, min, max), now, memory.get(pool.agent()), config);
            if (d.target() != size) {
                int newSize = pool.autoscaleTo(d.target());
                memory.put(pool.agent(), new Memory(newSize, d.next().lastChange(), null));
                log.info("autoscaled {} from {} to {} ({})", pool.agent(), size, newSize, d.why());
                announce(new RuntimeEvent.PoolScaled(now, nodeId, pool.agent(), size, newSize, REASON));
            } else {
                memory.put(pool.agent(), d.next());
            }
        }
    }

    private void announce(RuntimeEvent e) {
        try {
            publish.accept(e);
            onChange.run();
        } catch (RuntimeException ex) {
            log.debug("could not announce {}: {}", e.type(), ex.getMessage());
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("autoscaling step failed: {}", e.getMessage());
        }
    }

    /** Stops the loop; a step under way finishes. */
    @Override
    public synchronized void close() {
        if (scheduler != null) scheduler.shutdownNow();
    }
}
