package dev.flotilla.runtime.resilience.internal;

import dev.flotilla.runtime.kernel.ModelAnswer;
import dev.flotilla.runtime.kernel.ModelCall;
import dev.flotilla.runtime.kernel.ModelCallException;
import dev.flotilla.runtime.kernel.ModelCallInterceptor;
import dev.flotilla.runtime.kernel.RunControl;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.resilience.ResilienceConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;

/**
 * The innermost resilience interceptor: the rest of the chain (the provider's call) runs on its own
 * virtual thread while the run's thread waits for it through a Resilience4j TimeLimiter. On timeout
 * the limiter cancels the call (interrupting it); when the run is stopped (cancel, drain) its
 * thread is interrupted in the wait and the call is cancelled too, so no call outlives its run.
 * The limit is the per-call timeout, or the time left before the run's deadline when that is
 * shorter; with no time left the model is not called at all.
 *
 * <p>Interceptors registered after this one in {@link Stage#CALL} therefore run on the call's
 * thread, not the run's.
 */
public final class TimeoutInterceptor implements ModelCallInterceptor {

    private final Duration timeout;
    private final TimeLimiter standard;
    private final Clock clock;

    public TimeoutInterceptor(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.standard = TimeLimiter.of("model-call", ResilienceConfig.timeLimiterConfig(timeout));
        this.clock = clock;
    }

    @Override
    public ModelAnswer intercept(Chain chain) throws ModelCallException, InterruptedException {
        ModelCall call = chain.call();
        Duration left = call.run().left(clock);
        if (!left.isPositive()) {
            throw ModelCallException.notCalled(new ModelException(ModelException.Kind.TIMEOUT,
                    "the run's deadline passed before " + call.model() + " could be called"));
        }
        boolean deadlineFirst = left.compareTo(timeout) < 0;
        Duration limit = deadlineFirst ? left : timeout;
        TimeLimiter limiter = deadlineFirst ? TimeLimiter.of("model-call", ResilienceConfig.timeLimiterConfig(limit)) : standard;
        FutureTask<ModelAnswer> task = new FutureTask<>(() -> chain.proceed(call));
        RunControl control = call.run().control();
        control.enterInterruptible();
        try {
            Thread.ofVirtual().name("model-call").start(task);
            return limiter.executeFutureSupplier(() -> task);
        } catch (TimeoutException e) {
            if (deadlineFirst) {
                throw ModelCallException.failed(ModelException.deadlineCut(
                        "no answer within " + limit.toMillis() + " ms (the time left before the run's deadline)"));
            }
            throw ModelCallException.failed(new ModelException(ModelException.Kind.TIMEOUT,
                    "no answer within " + limit.toMillis() + " ms (the per-call timeout)"));
        } catch (ModelCallException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // a provider bug (say, a parse error it did not type) is the provider's failure, not the run's
            throw ModelCallException.failed(new ModelException(ModelException.Kind.SERVER_ERROR, "model call failed: " + e));
        } finally {
            task.cancel(true); // no-op once done; stops the call when we leave early
            control.exitInterruptible();
        }
    }
}
