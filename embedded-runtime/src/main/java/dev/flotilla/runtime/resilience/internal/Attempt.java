package dev.flotilla.runtime.resilience.internal;

import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.model.Tokens;
import dev.flotilla.runtime.resilience.CallScope;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One try of one model, through each guard in turn: the model's breaker (open: refused, nothing
 * spent), the provider's budget (may wait), the provider's bulkhead (may wait a little), then the
 * timed call, whose outcome and duration the breaker records. Only a call that was made counts
 * with the breaker; everything else gives its half-open permit back.
 *
 * <p>The guards are steps of one method rather than an interceptor chain: their order and who
 * releases what are the whole point, and they read best in one place.
 */
public final class Attempt {

    /** How one try ended. */
    public sealed interface Outcome {
        record Answered(ChatResponse response) implements Outcome {}

        /** {@code called}: the model was actually called (and the call counts as an attempt). */
        record Failed(ModelException error, boolean called) implements Outcome {}

        /** The breaker is open (or its half-open probes are taken): the model was not called. */
        record Refused() implements Outcome {}

        /** The provider's budget frees up only after the run's deadline: the model was not called. */
        record Throttled(String reason) implements Outcome {}
    }

    private static final Outcome REFUSED = new Outcome.Refused();

    private final Map<String, ChatModel> providers;
    private final ModelBreakers breakers;
    private final ProviderThrottle throttle;
    private final ProviderBulkheads bulkheads;
    private final TimedCall timed;
    private final Reporter reporter;
    private final Clock clock;

    public Attempt(Map<String, ChatModel> providers, ModelBreakers breakers, ProviderThrottle throttle,
                   ProviderBulkheads bulkheads, TimedCall timed, Reporter reporter) {
        this.providers = Map.copyOf(providers);
        this.breakers = breakers;
        this.throttle = throttle;
        this.bulkheads = bulkheads;
        this.timed = timed;
        this.reporter = reporter;
        this.clock = reporter.clock();
    }

    public Outcome once(ModelRef model, ChatRequest request, CallScope scope) throws InterruptedException {
        ChatModel provider = providers.get(model.provider());
        if (provider == null) {
            return new Outcome.Failed(new ModelException(ModelException.Kind.REJECTED,
                    "no provider named " + model.provider() + " on this node"), false);
        }
        CircuitBreaker breaker = breakers.of(model);
        if (!breaker.tryAcquirePermission()) {
            reporter.breakerOpen(scope, model);
            return REFUSED;
        }
        boolean recorded = false;
        try {
            String refusal = throttle.await(model, Tokens.estimate(request.messages()), scope);
            if (refusal != null) return new Outcome.Throttled(refusal);
            Bulkhead bulkhead = bulkheads.of(model.provider());
            if (!enter(bulkhead, model, scope)) {
                return new Outcome.Failed(new ModelException(ModelException.Kind.BULKHEAD_FULL,
                        "all " + bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " call slots of provider "
                                + model.provider() + " stayed busy for "
                                + bulkhead.getBulkheadConfig().getMaxWaitDuration().toMillis() + " ms"), false);
            }
            try {
                Duration left = scope.left(clock);
                if (!left.isPositive()) {
                    return new Outcome.Failed(new ModelException(ModelException.Kind.TIMEOUT,
                            "the run's deadline passed before " + model + " could be called"), false);
                }
                Instant start = clock.instant();
                ChatResponse response = null;
                ModelException error = null;
                scope.handle().enterInterruptible();
                try {
                    response = timed.call(provider, request.withModel(model.model()), left);
                } catch (ModelException e) {
                    error = e;
                } finally {
                    scope.handle().exitInterruptible();
                }
                // recorded outside the interruptible section: a state change is published to the fleet
                long nanos = Math.max(0, Duration.between(start, clock.instant()).toNanos());
                recorded = true;
                if (error != null && error.cutByDeadline()) {
                    // the run's deadline ended the call, not a failure of the model: the breaker counts it as a
                    // call of this duration (so a hung model still trips the slow-call rule), not as an error
                    breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                    reporter.attempt(scope, model, start, error.code() + ": " + error.getMessage());
                    return new Outcome.Failed(error, true);
                }
                if (error == null) {
                    breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                    reporter.attempt(scope, model, start, "ok");
                    return new Outcome.Answered(response);
                }
                breaker.onError(nanos, TimeUnit.NANOSECONDS, error);
                reporter.attempt(scope, model, start, error.code() + ": " + error.getMessage());
                return new Outcome.Failed(error, true);
            } finally {
                bulkhead.onComplete();
            }
        } finally {
            if (!recorded) breaker.releasePermission();
        }
    }

    /** Takes a slot of the provider's bulkhead, waiting at most its max wait; a cancel cuts the wait short. */
    private boolean enter(Bulkhead bulkhead, ModelRef model, CallScope scope) throws InterruptedException {
        Instant start = clock.instant();
        boolean entered;
        scope.handle().enterInterruptible();
        try {
            entered = bulkhead.tryAcquirePermission();
        } finally {
            scope.handle().exitInterruptible();
        }
        if (!entered) scope.handle().checkStop(); // Resilience4j reports an interrupted wait as "no slot"
        Duration waited = Duration.between(start, clock.instant());
        if (waited.toMillis() >= 1) reporter.waited(scope, model, "bulkhead of provider " + model.provider(), waited);
        return entered;
    }
}
