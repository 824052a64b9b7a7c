package dev.flotilla.runtime.agent;

import dev.flotilla.runtime.kernel.RunControl;

/**
 * The control of one run in flight: who may stop it and why. Interrupts reach the run's thread
 * only while it waits on the model, never during Redis I/O (an interrupted virtual thread closes
 * its socket), so stopping a run never breaks a pooled connection.
 */
public final class RunHandle implements RunControl {

    /** Why a run stops early: an operator cancelled it, its node drains, or another node took it over (lease lost). */
    public enum StopReason { CANCELLED, DRAINING, LEASE_LOST }

    private final String runId;
    private Thread interruptible;
    private StopReason stopReason;

    public RunHandle(String runId) { this.runId = runId; }

    public String runId() { return runId; }

    @Override
    public synchronized void enterInterruptible() {
        interruptible = Thread.currentThread();
        // a stop that came just before: the call about to start must not run to its end
        if (stopReason != null) interruptible.interrupt();
    }

    /** Leaves the interruptible section and clears an interrupt that arrived too late to matter. */
    @Override
    public synchronized void exitInterruptible() {
        interruptible = null;
        Thread.interrupted();
    }

    public synchronized void stop(StopReason reason) {
        if (stopReason == null) stopReason = reason;
        if (interruptible != null) interruptible.interrupt();
    }

    public synchronized StopReason stopReason() { return stopReason; }

    /** Throws if someone asked the run to stop; checked between steps. */
    @Override
    public void checkStop() throws InterruptedException {
        if (stopReason() != null) throw new InterruptedException("run " + runId + " stopped: " + stopReason());
    }
}
