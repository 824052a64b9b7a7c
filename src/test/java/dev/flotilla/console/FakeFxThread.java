package dev.flotilla.console;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One thread standing in for the FX thread, so ViewModels are tested without a window: they, the
 * bridge and the background executor all land their work here, and the test reads state here too.
 */
public final class FakeFxThread implements Executor, AutoCloseable {

    public interface Action {
        void run() throws Exception;
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("fake-fx").unstarted(r));

    @Override
    public void execute(Runnable r) {
        thread.execute(r);
    }

    /** Runs {@code c} on this thread and waits for its value (the test thread may wait; the FX thread never). */
    public <T> T call(Callable<T> c) throws Exception {
        return thread.submit(c).get(10, TimeUnit.SECONDS);
    }

    public void run(Action a) throws Exception {
        call(() -> {
            a.run();
            return null;
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
