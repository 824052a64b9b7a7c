package dev.flotilla.runtime.kernel;

import java.time.Duration;

/**
 * How the kernel and its modules wait (backoff, provider budgets). Tests pass one that moves their
 * clock instead of sleeping, so time-based behaviour is checked instantly.
 */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = Thread::sleep;
}
