package dev.flotilla.runtime.resilience.internal;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;

/**
 * A semaphore bulkhead per provider (all its models share it): a provider that slows down can tie
 * up at most its own share of the node's calls. A call that finds no slot within the configured
 * wait is refused; the pipeline then treats it as a retryable failure that does not count against
 * the model's breaker (the model was never called).
 *
 * <p>Resilience4j's semaphore bulkhead has one max wait for every call, so a wait that starts
 * just before a run's deadline may end up to that max wait (default 500 ms) after it; the call
 * is then not made (the deadline is checked again once a slot is taken).
 */
public final class ProviderBulkheads {

    private final BulkheadRegistry registry;

    public ProviderBulkheads(BulkheadConfig config) {
        this.registry = BulkheadRegistry.of(config);
    }

    public Bulkhead of(String provider) {
        return registry.bulkhead(provider);
    }
}
