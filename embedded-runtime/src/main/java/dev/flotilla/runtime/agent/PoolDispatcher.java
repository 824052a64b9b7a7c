package dev.flotilla.runtime.agent;

import dev.flotilla.runtime.queue.RunQueue;
import redis.clients.jedis.StreamEntryID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one pool from its queue: take an idle agent, then take one run (or reclaim one that a dead
 * node held), run it on a virtual thread. Stops taking runs when the node drains.
 */
public final class PoolDispatcher {

    private static final Logger log = LoggerFactory.getLogger(PoolDispatcher.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final AgentPool pool;
    private final RunQueue queue;
    private final RunExecutor executor;
    private final ExecutorService workers;
    private final String consumer;
    private final Clock clock;
    private final Duration reclaimAfter;
    private volatile boolean stopping;
    private Thread thread;

    public PoolDispatcher(AgentPool pool, RunQueue queue, RunExecutor executor, ExecutorService workers,
                          String consumer, Clock clock, Duration reclaimAfter) {
        this.pool = pool;
        this.queue = queue;
        this.executor = executor;
        this.workers = workers;
        this.consumer = consumer;
        this.clock = clock;
        this.reclaimAfter = reclaimAfter;
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
        Instant nextReclaim = clock.instant();
        StreamEntryID reclaimCursor = new StreamEntryID(0, 0);
        long backoffMs = 100;
        while (!stopping) {
            AgentPool.PoolAgent agent;
            try {
                agent = pool.acquire(POLL);
            } catch (InterruptedException e) {
                return;
            }
            if (agent == null) continue;
            boolean handedOff = false;
            try {
                List<RunQueue.Delivery> got = List.of();
                if (!clock.instant().isBefore(nextReclaim)) {
                    // look for orphans as often as they can appear, but at most every 15 s
                    Duration every = reclaimAfter.compareTo(Duration.ofSeconds(15)) < 0 ? reclaimAfter : Duration.ofSeconds(15);
                    nextReclaim = clock.instant().plus(every);
                    RunQueue.Reclaimed r = queue.reclaim(pool.agent(), consumer, reclaimAfter, 1, reclaimCursor);
                    got = r.deliveries();
                    reclaimCursor = r.next();
                    // a dead node may have left more, or the scan has not reached the end: keep going
                    if (!got.isEmpty() || !reclaimCursor.equals(new StreamEntryID(0, 0))) nextReclaim = clock.instant();
                }
                if (got.isEmpty() && !stopping) got = queue.take(pool.agent(), consumer, 1, POLL);
                if (!got.isEmpty()) {
                    RunQueue.Delivery d = got.getFirst();
                    workers.execute(() -> executor.execute(pool, agent, d));
                    handedOff = true;
                }
                backoffMs = 100;
            } catch (RuntimeException e) {
                if (RunQueue.isMissingGroup(e)) {
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
                    backoffMs = Math.min(backoffMs * 2, 5_000);
                }
            } finally {
                if (!handedOff) pool.release(agent);
            }
        }
    }
}
