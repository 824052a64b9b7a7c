package dev.flotilla.runtime.kernel;

import java.time.Duration;

/**
 * The stop control of a run in flight, as interceptors see it. A cancel, a drain or a lost lease
 * stops a run: its thread is interrupted only inside an interruptible section (a wait, the model
 * call itself), never during Redis I/O (an interrupted virtual thread closes its socket). An
 * interceptor that waits therefore waits through {@link #sleep}, or brackets its blocking call with
 * {@link #enterInterruptible()} and {@link #exitInterruptible()}, and checks {@link #checkStop()} after.
 */
public interface RunControl {

    /** Throws if someone asked the run to stop; cheap, called between steps. */
    void checkStop() throws InterruptedException;

    /** From here on a stop interrupts this thread (at once if one came already). */
    void enterInterruptible();

    /** Leaves the interruptible section and clears an interrupt that came too late to matter. */
    void exitInterruptible();

    /** Waits {@code d} with {@code sleeper}; a stop ends the wait early with an {@link InterruptedException}. */
    default void sleep(Sleeper sleeper, Duration d) throws InterruptedException {
        enterInterruptible();
        try {
            sleeper.sleep(d);
        } finally {
            exitInterruptible();
        }
        checkStop();
    }

    /** A run that is never stopped: for calls made outside a run (tests, tools). */
    RunControl NEVER = new RunControl() {
        @Override public void checkStop() { }
        @Override public void enterInterruptible() { }
        @Override public void exitInterruptible() { Thread.interrupted(); }
    };
}
