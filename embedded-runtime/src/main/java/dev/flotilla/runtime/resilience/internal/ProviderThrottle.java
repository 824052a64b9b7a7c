package dev.flotilla.runtime.resilience.internal;

import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.resilience.CallScope;
import dev.flotilla.runtime.resilience.ProviderLimits;
import dev.flotilla.runtime.resilience.Sleeper;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the fleet-wide provider budgets before each call, and waits as long as they say, within
 * the run's deadline. A wait that would pass the deadline is not taken: the model is given up
 * (the chain moves on to the next one). When the budgets cannot be asked (Redis down) the call
 * goes ahead: a provider enforces its own limits anyway, and a 429 from it is handled like any other.
 */
public final class ProviderThrottle {

    private static final Logger log = LoggerFactory.getLogger(ProviderThrottle.class);
    private static final Duration SHORTEST_WAIT = Duration.ofMillis(1);

    private final ProviderLimits limits;
    private final Sleeper sleeper;
    private final Reporter reporter;

    public ProviderThrottle(ProviderLimits limits, Sleeper sleeper, Reporter reporter) {
        this.limits = limits;
        this.sleeper = sleeper;
        this.reporter = reporter;
    }

    /** Returns null once the provider admits the call, or why the model cannot be called before the deadline. */
    public String await(ModelRef model, int estimatedTokens, CallScope scope) throws InterruptedException {
        while (true) {
            ProviderLimits.Decision d;
            try {
                d = limits.acquire(model.provider(), model.model(), estimatedTokens);
            } catch (RuntimeException e) {
                log.debug("provider limits unavailable, calling {} anyway: {}", model, e.getMessage());
                return null;
            }
            if (d.admitted()) return null;
            Duration wait = d.retryIn() == null || d.retryIn().compareTo(SHORTEST_WAIT) < 0 ? SHORTEST_WAIT : d.retryIn();
            Duration left = scope.left(reporter.clock());
            if (wait.compareTo(left) >= 0) {
                return "provider_throttled: the " + d.limit() + " budget frees up in " + wait.toMillis()
                        + " ms, after the run's deadline (" + Math.max(0, left.toMillis()) + " ms left)";
            }
            reporter.throttled(scope, model, d.limit(), wait);
            Interruptibly.sleep(scope.handle(), sleeper, wait);
        }
    }
}
