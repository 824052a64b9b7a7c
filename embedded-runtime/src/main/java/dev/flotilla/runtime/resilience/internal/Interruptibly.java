package dev.flotilla.runtime.resilience.internal;

import dev.flotilla.runtime.agent.RunHandle;
import dev.flotilla.runtime.resilience.Sleeper;
import java.time.Duration;

/**
 * Waits that a cancel or a drain may cut short. Only these waits and the model call itself are
 * interruptible: never the Redis I/O around them (an interrupted virtual thread closes its socket).
 */
final class Interruptibly {
    private Interruptibly() {}

    static void sleep(RunHandle handle, Sleeper sleeper, Duration d) throws InterruptedException {
        handle.enterInterruptible();
        try {
            sleeper.sleep(d);
        } finally {
            handle.exitInterruptible();
        }
        handle.checkStop();
    }
}
