package dev.flotilla.runtime.resilience.internal;

import dev.flotilla.runtime.kernel.ModelAnswer;
import dev.flotilla.runtime.kernel.ModelCall;
import dev.flotilla.runtime.kernel.ModelCallException;
import dev.flotilla.runtime.kernel.ModelCallInterceptor;
import dev.flotilla.runtime.model.ModelException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Records each call that was made, once it ended: its outcome and duration with the model's
 * breaker (only unhealthy failures count against it), and an {@code attempt} step on the run's
 * timeline. It sits just outside the timeout, so the duration is the call's own (no budget or
 * bulkhead waits), and it records outside the interruptible section (a breaker change is
 * published to the fleet). A call cut short by the run's deadline counts as a call of its
 * duration, not as an error: a hung model still trips the slow-call rule.
 */
public final class CallRecorder implements ModelCallInterceptor {

    private final ModelBreakers breakers;
    private final Reporter reporter;
    private final Clock clock;

    public CallRecorder(ModelBreakers breakers, Reporter reporter) {
        this.breakers = breakers;
        this.reporter = reporter;
        this.clock = reporter.clock();
    }

    @Override
    public ModelAnswer intercept(Chain chain) throws ModelCallException, InterruptedException {
        ModelCall call = chain.call();
        Instant start = clock.instant();
        ModelAnswer answer;
        try {
            answer = chain.proceed(call);
        } catch (ModelCallException e) {
            if (!e.called()) throw e;
            ModelException error = e.failure();
            CircuitBreaker breaker = breakers.of(call.model());
            long nanos = nanosSince(start);
            if (error.cutByDeadline()) breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            else breaker.onError(nanos, TimeUnit.NANOSECONDS, error);
            reporter.attempt(call.run(), call.model(), start, error.code() + ": " + error.getMessage());
            throw e;
        }
        breakers.of(call.model()).onSuccess(nanosSince(start), TimeUnit.NANOSECONDS);
        reporter.attempt(call.run(), call.model(), start, "ok");
        return answer;
    }

    private long nanosSince(Instant start) {
        return Math.max(0, Duration.between(start, clock.instant()).toNanos());
    }
}
