package dev.flotilla.runtime.resilience;

import dev.flotilla.runtime.agent.RunHandle;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelException;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries failed model calls that are worth retrying (429, 5xx, timeouts, malformed replies),
 * waiting what the provider asked (Retry-After) or an exponential backoff with jitter.
 */
public final class ModelRetry {

    /** A model call that may be interrupted. */
    @FunctionalInterface
    public interface Call {
        ChatResponse call() throws ModelException, InterruptedException;
    }

    private final Retry retry;

    public ModelRetry(int maxAttempts, Duration baseBackoff) {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
        long base = baseBackoff.toMillis();
        IntervalBiFunction<Object> interval = (attempt, either) -> {
            if (either.isLeft() && either.getLeft() instanceof ModelException me && me.retryAfter() != null) {
                return me.retryAfter().toMillis();
            }
            long exp = base * (1L << Math.min(attempt - 1, 10));
            return exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
        };
        this.retry = Retry.of("model", RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalBiFunction(interval)
                .retryOnException(e -> e instanceof ModelException me && me.kind().retryable())
                .build());
    }

    public ChatResponse call(Call call, RunHandle handle) throws ModelException, InterruptedException {
        handle.enterInterruptible();
        try {
            return retry.executeCheckedSupplier(call::call);
        } catch (ModelException | InterruptedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw e; // a failure of the runtime, not of the model: the run's delivery fails (and may be dead-lettered)
        } catch (Throwable t) {
            throw new ModelException(ModelException.Kind.SERVER_ERROR, "model call failed: " + t.getMessage());
        } finally {
            handle.exitInterruptible();
            handle.checkStop();
        }
    }
}
