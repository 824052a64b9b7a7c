package dev.flotilla.runtime.agent;

import java.time.Duration;

/**
 * Renews the leases of this node's runs three times per lease, so one missed renewal costs
 * nothing. It runs until the node has fully stopped (through the drain): a run in flight stays
 * this node's until it is finished or handed back.
 */
public final class LeaseRenewer implements AutoCloseable {

    private final RunExecutor executor;
    private final long everyMillis;
    private volatile boolean stopped;

    public LeaseRenewer(RunExecutor executor, Duration lease) {
        this.executor = executor;
        this.everyMillis = Math.max(100, lease.toMillis() / 3);
    }

    public void start() {
        Thread.ofVirtual().name("lease-renewer").start(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                    return;
                }
                executor.renewLeases();
            }
        });
    }

    /** Stops renewing after the renewal under way, if any. */
    @Override
    public void close() {
        stopped = true;
    }
}
