package dev.flotilla.console.fx;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands off the FX thread and lands their results back on it. ViewModels hand it either a
 * future (an HTTP call already in flight) or blocking work (files, starting a node), plus what to do
 * with the value and with the failure; both callbacks run on the FX thread, and a failure is never
 * swallowed: it reaches the {@code onError} callback, or the log when none is given.
 */
public final class BackgroundExecutor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundExecutor.class);

    private final Executor fxThread;
    private final ExecutorService workers;

    public BackgroundExecutor() {
        this(Platform::runLater);
    }

    /** {@code fxThread} is {@code Platform::runLater} in the app; tests may pass a direct executor. */
    public BackgroundExecutor(Executor fxThread) {
        this.fxThread = Objects.requireNonNull(fxThread, "fxThread");
        this.workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("console-task-", 0).factory());
    }

    /** Runs blocking {@code work} on a worker thread; the future completes there. */
    public <T> CompletableFuture<T> supply(Callable<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        workers.execute(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /** When {@code stage} completes, calls {@code onSuccess} or {@code onError} on the FX thread. */
    public <T> void onFx(CompletionStage<T> stage, Consumer<? super T> onSuccess, Consumer<Throwable> onError) {
        stage.whenComplete((value, error) -> fxThread.execute(() -> {
            if (error == null) {
                onSuccess.accept(value);
            } else if (onError != null) {
                onError.accept(error);
            } else {
                log.warn("background task failed", error);
            }
        }));
    }

    @Override
    public void close() {
        workers.shutdown();
    }
}
