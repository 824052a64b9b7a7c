package dev.flotilla.runtime.resilience.internal;

import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.resilience.ResilienceConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;

/**
 * One model call with a time limit: the call runs on its own virtual thread while the run's thread
 * waits for it through a Resilience4j TimeLimiter. On timeout the limiter cancels the call
 * (interrupting it); when the run's thread is interrupted (cancel, drain) the call is cancelled
 * too, so no call outlives its run. The limit is the per-call timeout, or the time left before the
 * run's deadline when that is shorter.
 */
public final class TimedCall {

    private final Duration timeout;
    private final TimeLimiter standard;

    public TimedCall(Duration timeout) {
        this.timeout = timeout;
        this.standard = TimeLimiter.of("model-call", ResilienceConfig.timeLimiterConfig(timeout));
    }

    public ChatResponse call(ChatModel model, ChatRequest request, Duration left) throws ModelException, InterruptedException {
        boolean deadlineFirst = left.compareTo(timeout) < 0;
        Duration limit = deadlineFirst ? left : timeout;
        TimeLimiter limiter = deadlineFirst ? TimeLimiter.of("model-call", ResilienceConfig.timeLimiterConfig(limit)) : standard;
        FutureTask<ChatResponse> task = new FutureTask<>(() -> model.chat(request));
        Thread.ofVirtual().name("model-call").start(task);
        try {
            return limiter.executeFutureSupplier(() -> task);
        } catch (TimeoutException e) {
            if (deadlineFirst) throw ModelException.deadlineCut("no answer within " + limit.toMillis() + " ms (the time left before the run's deadline)");
            throw new ModelException(ModelException.Kind.TIMEOUT, "no answer within " + limit.toMillis() + " ms (the per-call timeout)");
        } catch (ModelException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // a provider bug (say, a parse error it did not type) is the provider's failure, not the run's
            throw new ModelException(ModelException.Kind.SERVER_ERROR, "model call failed: " + e);
        } finally {
            task.cancel(true); // no-op once done; stops the call when we leave early
        }
    }
}
