package dev.flotilla.runtime.ratelimit;

import dev.flotilla.runtime.kernel.ModelAnswer;
import dev.flotilla.runtime.kernel.ModelCall;
import dev.flotilla.runtime.kernel.ModelCallException;
import dev.flotilla.runtime.kernel.ModelCallInterceptor;
import dev.flotilla.runtime.kernel.RunScope;
import dev.flotilla.runtime.kernel.Sleeper;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.model.Tokens;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model-call interceptor ({@link Stage#SPEND}: inside the breaker, once per attempt) that asks
 * the fleet-wide provider budgets before each call, and waits as long as they say, within the run's
 * deadline. A wait that would pass the deadline is not taken: the model is refused
 * ({@code provider_throttled}), and the chain moves on to the next one. Each wait is a {@code wait}
 * step of the run's timeline and a {@code provider.throttled} event. When the budgets cannot be
 * asked (Redis down) the call goes ahead: a provider enforces its own limits anyway, and a 429
 * from it is handled like any other.
 */
public final class ProviderThrottle implements ModelCallInterceptor {

    private static final Logger log = LoggerFactory.getLogger(ProviderThrottle.class);
    private static final Duration SHORTEST_WAIT = Duration.ofMillis(1);

    private final ProviderLimits limits;
    private final Sleeper sleeper;
    private final Clock clock;
    private final String nodeId;
    private final Consumer<RuntimeEvent> events;
    private final LongAdder throttled = new LongAdder();

    public ProviderThrottle(ProviderLimits limits, Sleeper sleeper, Clock clock, String nodeId, Consumer<RuntimeEvent> events) {
        this.limits = limits;
        this.sleeper = sleeper;
        this.clock = clock;
        this.nodeId = nodeId;
        this.events = events;
    }

    @Override
    public ModelAnswer intercept(Chain chain) throws ModelCallException, InterruptedException {
        ModelCall call = chain.call();
        ModelRef model = call.model();
        RunScope run = call.run();
        int estimatedTokens = Tokens.estimate(call.request().messages());
        while (true) {
            ProviderLimits.Decision d;
            try {
                d = limits.acquire(model.provider(), model.model(), estimatedTokens);
            } catch (RuntimeException e) {
                log.debug("provider limits unavailable, calling {} anyway: {}", model, e.getMessage());
                break;
            }
            if (d.admitted()) break;
            Duration wait = d.retryIn() == null || d.retryIn().compareTo(SHORTEST_WAIT) < 0 ? SHORTEST_WAIT : d.retryIn();
            Duration left = run.left(clock);
            if (wait.compareTo(left) >= 0) {
                throw ModelCallException.refused("provider_throttled", "the " + d.limit() + " budget frees up in " + wait.toMillis()
                        + " ms, after the run's deadline (" + Math.max(0, left.toMillis()) + " ms left)");
            }
            report(run, model, d.limit(), wait);
            run.control().sleep(sleeper, wait);
        }
        return chain.proceed(call);
    }

    /** Waits for provider budgets so far on this node. */
    public long throttled() { return throttled.sum(); }

    private void report(RunScope run, ModelRef model, String limit, Duration wait) {
        throttled.increment();
        run.timeline().add(clock.instant(), "wait", model.toString(), "provider budget (" + limit + ")", wait.toMillis());
        try {
            events.accept(new RuntimeEvent.ProviderThrottled(clock.instant(), nodeId, run.runId(),
                    model.provider(), model.model(), limit, wait.toMillis()));
        } catch (RuntimeException e) {
            // a listener's trouble must not fail a model call
            log.debug("event provider.throttled not delivered: {}", e.getMessage());
        }
    }
}
