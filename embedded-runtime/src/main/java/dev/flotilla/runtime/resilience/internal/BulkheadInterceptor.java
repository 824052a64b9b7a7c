package dev.flotilla.runtime.resilience.internal;

import dev.flotilla.runtime.kernel.ModelAnswer;
import dev.flotilla.runtime.kernel.ModelCall;
import dev.flotilla.runtime.kernel.ModelCallException;
import dev.flotilla.runtime.kernel.ModelCallInterceptor;
import dev.flotilla.runtime.kernel.RunControl;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.model.ModelRef;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A semaphore bulkhead per provider (all its models share it): a provider that slows down can tie
 * up at most its own share of the node's calls. A call that finds no slot within the configured
 * wait is not made: a retryable {@code model_bulkhead_full} failure that does not count against the
 * model's breaker (the model was never called).
 *
 * <p>Resilience4j's semaphore bulkhead has one max wait for every call, so a wait that starts
 * just before a run's deadline may end up to that max wait (default 500 ms) after it; the call
 * is then not made (the timeout checks the deadline again once a slot is taken).
 */
public final class BulkheadInterceptor implements ModelCallInterceptor {

    private final BulkheadRegistry registry;
    private final Reporter reporter;
    private final Clock clock;

    public BulkheadInterceptor(BulkheadConfig config, Reporter reporter) {
        this.registry = BulkheadRegistry.of(config);
        this.reporter = reporter;
        this.clock = reporter.clock();
    }

    @Override
    public ModelAnswer intercept(Chain chain) throws ModelCallException, InterruptedException {
        ModelCall call = chain.call();
        ModelRef model = call.model();
        Bulkhead bulkhead = registry.bulkhead(model.provider());
        if (!enter(bulkhead, call)) {
            throw ModelCallException.notCalled(new ModelException(ModelException.Kind.BULKHEAD_FULL,
                    "all " + bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " call slots of provider "
                            + model.provider() + " stayed busy for "
                            + bulkhead.getBulkheadConfig().getMaxWaitDuration().toMillis() + " ms"));
        }
        try {
            return chain.proceed(call);
        } finally {
            bulkhead.onComplete();
        }
    }

    /** Takes a slot of the provider's bulkhead, waiting at most its max wait; a cancel cuts the wait short. */
    private boolean enter(Bulkhead bulkhead, ModelCall call) throws InterruptedException {
        RunControl control = call.run().control();
        Instant start = clock.instant();
        boolean entered;
        control.enterInterruptible();
        try {
            entered = bulkhead.tryAcquirePermission();
        } finally {
            control.exitInterruptible();
        }
        if (!entered) control.checkStop(); // Resilience4j reports an interrupted wait as "no slot"
        Duration waited = Duration.between(start, clock.instant());
        if (waited.toMillis() >= 1) reporter.waited(call.run(), call.model(), "bulkhead of provider " + call.model().provider(), waited);
        return entered;
    }
}
