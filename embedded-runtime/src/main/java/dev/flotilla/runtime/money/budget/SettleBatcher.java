package dev.flotilla.runtime.money.budget;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settlements no later reservation carried (each run's last calls, and every call that no
 * budget limits) and the releases of taken-over runs, written in the background: all that gathered
 * in one interval goes in one script call, so under load a run's last settlement costs a small
 * fraction of a round trip. On close it writes what it still holds. A write that fails is kept and
 * tried again at the next interval (the reservations stay held meanwhile: never an overshoot).
 */
public final class SettleBatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SettleBatcher.class);
    private static final int MAX_BATCH = 500;

    private record Release(String run, java.time.Instant before) {}

    private final SpendScript spend;
    private final Clock clock;
    private final Duration interval;
    private final Consumer<SpendScript.Reply> replies;
    private final ConcurrentLinkedQueue<SpendScript.Settle> settles = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Release> releases = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    /** True while writes fail: one warning per outage, not one per interval. */
    private boolean failing;

    /** {@code replies}: what each write answered (alerts, states), for the module to announce. */
    public SettleBatcher(SpendScript spend, Clock clock, Duration interval, Consumer<SpendScript.Reply> replies) {
        this.spend = spend;
        this.clock = clock;
        this.interval = interval;
        this.replies = replies;
        this.thread = Thread.ofVirtual().name("money-settle").unstarted(this::loop);
    }

    public SettleBatcher start() {
        thread.start();
        return this;
    }

    public void add(List<SpendScript.Settle> more) {
        settles.addAll(more);
    }

    /** Releases {@code run}'s reservations made before {@code before} (another node held its lease). */
    public void release(String run, java.time.Instant before) {
        releases.add(new Release(run, before));
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                break;
            }
            flush();
        }
    }

    /** Writes what gathered; true when nothing is left. */
    public synchronized boolean flush() {
        try {
            for (Release r; (r = releases.peek()) != null; releases.poll()) spend.release(clock.instant(), r.run(), r.before());
            while (!settles.isEmpty()) {
                List<SpendScript.Settle> batch = new ArrayList<>();
                for (SpendScript.Settle s; batch.size() < MAX_BATCH && (s = settles.peek()) != null; settles.poll()) batch.add(s);
                SpendScript.Reply reply;
                try {
                    reply = spend.settle(clock.instant(), batch);
                } catch (RuntimeException e) {
                    settles.addAll(batch); // kept for the next interval; the order does not matter
                    throw e;
                }
                replies.accept(reply);
            }
            if (failing) log.info("settlements of model calls are written again");
            failing = false;
            return true;
        } catch (RuntimeException e) {
            if (!failing) log.warn("could not write {} settlements of model calls yet ({}); trying again every {}", settles.size(), e.getMessage(), interval);
            else log.debug("settlements still not written: {}", e.getMessage());
            failing = true;
            return false;
        }
    }

    /** How many settlements wait to be written. */
    public int pending() {
        return settles.size();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
