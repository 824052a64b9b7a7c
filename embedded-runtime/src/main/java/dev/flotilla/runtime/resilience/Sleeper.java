package dev.flotilla.runtime.resilience;

import java.time.Duration;

/** How the pipeline waits (backoff, provider budgets); tests pass one that moves their clock instead. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = Thread::sleep;
}
