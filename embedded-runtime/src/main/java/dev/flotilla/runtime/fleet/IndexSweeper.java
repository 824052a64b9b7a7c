package dev.flotilla.runtime.fleet;

import dev.flotilla.runtime.store.RunRecords;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes expired runs out of the run indexes now and then. Every node sweeps (the sweep is
 * idempotent and a few calls), so the indexes stay bounded whichever nodes are up; a new run no
 * longer pays for it.
 */
public final class IndexSweeper implements AutoCloseable {

    /** Index entries outlive their runs by at most this; lists skip runs whose hash is gone. */
    public static final Duration EVERY = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(IndexSweeper.class);

    private final RunRecords runs;
    private volatile boolean stopped;

    public IndexSweeper(RunRecords runs) {
        this.runs = runs;
    }

    public void start() {
        Thread.ofVirtual().name("index-sweeper").start(() -> {
            while (!stopped) {
                try {
                    runs.trimIndexes();
                    Thread.sleep(EVERY);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.debug("index sweep failed, next in {}: {}", EVERY, e.getMessage());
                    try { Thread.sleep(EVERY); } catch (InterruptedException ie) { return; }
                }
            }
        });
    }

    @Override
    public void close() {
        stopped = true;
    }
}
