package dev.flotilla.runtime.resilience.internal;

import dev.flotilla.runtime.kernel.RunScope;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the world what the resilience interceptors did: a typed event for the fleet and /metrics, an
 * entry on the run's timeline for its detail view, and the node's counters for its heartbeat. Events
 * may do I/O (the fleet bus publishes to Redis), so callers report only outside interruptible sections.
 */
public final class Reporter {

    private static final Logger log = LoggerFactory.getLogger(Reporter.class);

    private final Consumer<RuntimeEvent> events;
    private final String nodeId;
    private final Clock clock;
    private final LongAdder retries = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();

    public Reporter(Consumer<RuntimeEvent> events, String nodeId, Clock clock) {
        this.events = events;
        this.nodeId = nodeId;
        this.clock = clock;
    }

    public Clock clock() { return clock; }

    /** One call to a model ended: {@code outcome} is {@code ok} or the error code and message. */
    public void attempt(RunScope scope, ModelRef model, Instant start, String outcome) {
        scope.timeline().add(start, "attempt", model.toString(), outcome, millisSince(start));
    }

    public void retry(RunScope scope, ModelRef model, int attempt, String errorCode, Duration wait) {
        retries.increment();
        scope.timeline().add(clock.instant(), "retry", model.toString(),
                errorCode + "; attempt " + attempt + " failed, trying again", wait.toMillis());
        emit(new RuntimeEvent.ModelRetried(clock.instant(), nodeId, scope.runId(), scope.agent(),
                model.provider(), model.model(), attempt, errorCode, wait.toMillis()));
    }

    public void waited(RunScope scope, ModelRef model, String why, Duration wait) {
        scope.timeline().add(clock.instant().minus(wait), "wait", model.toString(), why, wait.toMillis());
    }

    public void breakerOpen(RunScope scope, ModelRef model) {
        scope.timeline().add(clock.instant(), "breaker_open", model.toString(), "circuit breaker open: not called", null);
    }

    public void fallback(RunScope scope, ModelRef from, ModelRef to, String reason) {
        fallbacks.increment();
        scope.timeline().add(clock.instant(), "fallback", to.toString(), "from " + from + ": " + reason, null);
        emit(new RuntimeEvent.FallbackTaken(clock.instant(), nodeId, scope.runId(), scope.agent(),
                from.toString(), to.toString(), reason));
    }

    public void breakerChanged(ModelRef model, String from, String to) {
        emit(new RuntimeEvent.BreakerChanged(clock.instant(), nodeId, model.provider(), model.model(), from, to));
    }

    public long retries() { return retries.sum(); }

    public long fallbacks() { return fallbacks.sum(); }

    private Long millisSince(Instant start) {
        return Math.max(0, Duration.between(start, clock.instant()).toMillis());
    }

    private void emit(RuntimeEvent event) {
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            // a listener's trouble must not fail a model call
            log.debug("event {} not delivered: {}", event.type(), e.getMessage());
        }
    }
}
