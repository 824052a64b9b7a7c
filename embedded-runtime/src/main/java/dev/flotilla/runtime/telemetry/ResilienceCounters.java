package dev.flotilla.runtime.telemetry;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * This node's running totals of what its resilience machinery did, for its heartbeat (the
 * console's resilience panel reads them per node). Fed by the node's own events.
 */
public final class ResilienceCounters implements Consumer<RuntimeEvent> {

    private final LongAdder retries = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();

    @Override
    public void accept(RuntimeEvent event) {
        switch (event) {
            case RuntimeEvent.ModelRetried e -> retries.increment();
            case RuntimeEvent.FallbackTaken e -> fallbacks.increment();
            case RuntimeEvent.ProviderThrottled e -> throttled.increment();
            case RuntimeEvent.RateLimited e -> rateLimited.increment();
            default -> { }
        }
    }

    public long retries() { return retries.sum(); }

    public long fallbacks() { return fallbacks.sum(); }

    public long throttled() { return throttled.sum(); }

    public long rateLimited() { return rateLimited.sum(); }
}
