package dev.flotilla.runtime.resilience.internal;

import dev.flotilla.runtime.kernel.ModelAnswer;
import dev.flotilla.runtime.kernel.ModelCall;
import dev.flotilla.runtime.kernel.ModelCallException;
import dev.flotilla.runtime.kernel.ModelCallInterceptor;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * The model's circuit breaker, asked before anything is spent on an attempt: an open breaker (or
 * half-open probes all taken) refuses the model, which the retry stage then gives up for this step
 * without calling it. A permission the call did not use (nothing was called: a provider budget
 * refused, the bulkhead was full, the run stopped) is given back; a call that was made was
 * recorded with the breaker by {@link CallRecorder}, inside.
 */
public final class BreakerGate implements ModelCallInterceptor {

    private final ModelBreakers breakers;
    private final Reporter reporter;

    public BreakerGate(ModelBreakers breakers, Reporter reporter) {
        this.breakers = breakers;
        this.reporter = reporter;
    }

    @Override
    public ModelAnswer intercept(Chain chain) throws ModelCallException, InterruptedException {
        ModelCall call = chain.call();
        CircuitBreaker breaker = breakers.of(call.model());
        if (!breaker.tryAcquirePermission()) {
            reporter.breakerOpen(call.run(), call.model());
            throw ModelCallException.refused("breaker_open", null);
        }
        boolean recorded = false;
        try {
            ModelAnswer answer = chain.proceed(call);
            recorded = answer.calls() > 0;
            return answer;
        } catch (ModelCallException e) {
            recorded = e.called();
            throw e;
        } finally {
            if (!recorded) breaker.releasePermission();
        }
    }
}
