package dev.flotilla.runtime.agent;

import dev.flotilla.runtime.queue.Delivery;
import dev.flotilla.runtime.store.QueueGroupMissingException;
import dev.flotilla.runtime.store.QueueStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one pool from its queue: take idle agents, then as many runs as there are (or reclaim runs
 * whose lease expired), each on a virtual thread. Blocking reads use a connection of their own,
 * with a socket timeout longer than the block, so they never hold a pooled connection. Takes
 * nothing while the node is paused or draining.
 */
public final class PoolDispatcher {

    private static final Logger log = LoggerFactory.getLogger(PoolDispatcher.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** The most runs one read takes: enough to fill a large pool quickly, small enough to share a burst among nodes. */
    private static final int MAX_BATCH = 64;

    private final AgentPool pool;
    private final QueueStore queue;
    private final RunExecutor executor;
    private final ExecutorService workers;
    private final String consumer;
    private final Clock clock;
    private final Duration leaseTime;
    private final BooleanSupplier paused;
    private volatile boolean stopping;
    private Thread thread;
    private QueueStore.Reader blocking;

    /**
     * @param leaseTime how long a run's lease lasts without renewal; entries idle longer are reclaimed
     * @param paused    true while the node takes no new runs (paused or draining by an operator)
     */
    public PoolDispatcher(AgentPool pool, QueueStore queue, RunExecutor executor, ExecutorService workers,
                          String consumer, Clock clock, Duration leaseTime,
                          BooleanSupplier paused) {
        this.pool = pool;
        this.queue = queue;
        this.executor = executor;
        this.workers = workers;
        this.consumer = consumer;
        this.clock = clock;
        this.leaseTime = leaseTime;
        this.paused = paused;
    }

    public void start() {
        queue.ensureGroup(pool.agent());
        thread = Thread.ofVirtual().name("dispatch-" + pool.agent()).start(this::loop);
    }

    /** Stops taking new runs; runs in flight go on. */
    public void stopTaking() {
        stopping = true;
    }

    public void join(Duration timeout) throws InterruptedException {
        if (thread != null) thread.join(timeout);
    }

    private void loop() {
        // a node that starts (or restarts) during or right after an outage waits one lease before
        // reclaiming, so live owners get to renew first
        Instant nextReclaim = clock.instant().plus(leaseTime);
        String reclaimCursor = QueueStore.SCAN_START;
        long backoffMs = 100;
        try {
            while (!stopping) {
                if (paused.getAsBoolean()) {
                    try {
                        Thread.sleep(POLL.toMillis() / 5);
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                List<AgentPool.PoolAgent> idle = new ArrayList<>();
                try {
                    AgentPool.PoolAgent first = pool.acquire(POLL);
                    if (first == null) continue;
                    idle.add(first);
                    while (idle.size() < MAX_BATCH) {
                        AgentPool.PoolAgent more = pool.acquire(Duration.ZERO);
                        if (more == null) break;
                        idle.add(more);
                    }
                } catch (InterruptedException e) {
                    idle.forEach(pool::release);
                    return;
                }
                int handedOff = 0;
                try {
                    List<Delivery> got = List.of();
                    if (!clock.instant().isBefore(nextReclaim)) {
                        // look for orphans as often as they can appear, but at most every 15 s
                        Duration every = leaseTime.compareTo(Duration.ofSeconds(15)) < 0 ? leaseTime : Duration.ofSeconds(15);
                        nextReclaim = clock.instant().plus(every);
                        QueueStore.Reclaimed r = queue.reclaim(pool.agent(), consumer, leaseTime, idle.size(), reclaimCursor);
                        got = r.deliveries();
                        reclaimCursor = r.next();
                        // a dead node may have left more, or the scan has not reached the end: keep going
                        if (!got.isEmpty() || !reclaimCursor.equals(QueueStore.SCAN_START)) nextReclaim = clock.instant();
                    }
                    if (got.isEmpty() && !stopping && !paused.getAsBoolean()) {
                        got = queue.take(blockingConnection(), pool.agent(), consumer, idle.size(), POLL);
                        if (paused.getAsBoolean() && !got.isEmpty()) {
                            // paused while the read waited: a paused node takes nothing new
                            got.forEach(queue::giveBack);
                            got = List.of();
                        }
                    }
                    for (Delivery d : got) {
                        AgentPool.PoolAgent agent = idle.get(handedOff++);
                        workers.execute(() -> executor.execute(pool, agent, d));
                    }
                    backoffMs = 100;
                } catch (RuntimeException e) {
                    dropBlockingConnection();
                    // Redis keeps counting a lease's idle time while it is away, and no node could renew:
                    // give owners one renewal round (a third of a lease, and a second to reconnect) first
                    Instant grace = clock.instant().plus(leaseTime.dividedBy(3)).plusSeconds(1);
                    if (grace.isAfter(nextReclaim)) nextReclaim = grace;
                    if (e instanceof QueueGroupMissingException) {
                        // Redis lost the group (restart without persistence, FLUSHALL): recreate it, runs flow on
                        try {
                            queue.ensureGroup(pool.agent());
                            log.warn("the queue of {} had lost its consumer group; recreated it", pool.agent());
                            continue;
                        } catch (RuntimeException again) {
                            e = again;
                        }
                    }
                    log.warn("queue read for {} failed ({}); retrying in {} ms", pool.agent(), e.getMessage(), backoffMs);
                    try {
                        Thread.sleep(backoffMs);
                    } catch (InterruptedException ie) {
                        return;
                    } finally {
                        backoffMs = Math.min(backoffMs * 2, 2_000);
                    }
                } finally {
                    for (int i = handedOff; i < idle.size(); i++) pool.release(idle.get(i));
                }
            }
        } finally {
            dropBlockingConnection();
        }
    }

    private QueueStore.Reader blockingConnection() {
        if (blocking == null) blocking = queue.openReader(POLL);
        return blocking;
    }

    private void dropBlockingConnection() {
        if (blocking != null) {
            blocking.close();
            blocking = null;
        }
    }
}
