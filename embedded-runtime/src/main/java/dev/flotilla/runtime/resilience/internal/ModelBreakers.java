package dev.flotilla.runtime.resilience.internal;

import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.resilience.ResilienceSnapshot;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.registry.EntryAddedEvent;
import io.github.resilience4j.core.registry.EntryRemovedEvent;
import io.github.resilience4j.core.registry.EntryReplacedEvent;
import io.github.resilience4j.core.registry.RegistryEventConsumer;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Resilience4j circuit breaker per provider/model, created on first use, each reporting its
 * state changes. The breakers run on the pipeline's clock, so tests move time by hand.
 */
public final class ModelBreakers {

    private final CircuitBreakerRegistry registry;
    /** By model, so the two lookups of each attempt (gate and recorder) build no name. */
    private final Map<ModelRef, CircuitBreaker> byModel = new ConcurrentHashMap<>();

    public ModelBreakers(CircuitBreakerConfig config, Reporter reporter) {
        this.registry = CircuitBreakerRegistry.of(config, new RegistryEventConsumer<>() {
            @Override
            public void onEntryAddedEvent(EntryAddedEvent<CircuitBreaker> added) {
                CircuitBreaker breaker = added.getAddedEntry();
                ModelRef model = ModelRef.parse(breaker.getName());
                breaker.getEventPublisher().onStateTransition(e -> reporter.breakerChanged(model,
                        name(e.getStateTransition().getFromState()), name(e.getStateTransition().getToState())));
            }

            @Override public void onEntryRemovedEvent(EntryRemovedEvent<CircuitBreaker> removed) { }

            @Override public void onEntryReplacedEvent(EntryReplacedEvent<CircuitBreaker> replaced) { }
        });
    }

    public CircuitBreaker of(ModelRef model) {
        CircuitBreaker breaker = byModel.get(model);
        return breaker != null ? breaker : byModel.computeIfAbsent(model, m -> registry.circuitBreaker(m.toString()));
    }

    public List<ResilienceSnapshot.Breaker> snapshot() {
        return registry.getAllCircuitBreakers().stream()
                .sorted(Comparator.comparing(CircuitBreaker::getName))
                .map(b -> {
                    ModelRef m = ModelRef.parse(b.getName());
                    CircuitBreaker.Metrics metrics = b.getMetrics();
                    return new ResilienceSnapshot.Breaker(m.provider(), m.model(), name(b.getState()),
                            rate(metrics.getFailureRate()), rate(metrics.getSlowCallRate()), metrics.getNumberOfBufferedCalls());
                })
                .toList();
    }

    /** Resilience4j reports -1 until the window holds enough calls; keep that, round the rest to 0.1. */
    private static double rate(float percent) {
        return percent < 0 ? -1 : Math.round(percent * 10) / 10.0;
    }

    static String name(CircuitBreaker.State state) {
        return state.name().toLowerCase();
    }
}
