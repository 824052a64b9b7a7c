package dev.flotilla.runtime.resilience;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The node's resilience at a glance, as its heartbeat carries it ({@code resilience} in
 * docs/API.md): one entry per breaker, and counters since the node started.
 */
public record ResilienceSnapshot(List<Breaker> breakers, long retries, long fallbacks) {

    /** Before the module registered on a node: nothing happened yet. */
    public static final ResilienceSnapshot EMPTY = new ResilienceSnapshot(List.of(), 0, 0);

    /**
     * One provider/model breaker. {@code state}: closed, open, half_open (or disabled,
     * forced_open, metrics_only); rates in percent, -1 while the window holds too few calls to
     * judge; {@code calls} in the window.
     */
    public record Breaker(String provider, String model, String state,
                          @JsonProperty("failure_rate") double failureRate,
                          @JsonProperty("slow_call_rate") double slowCallRate,
                          int calls) {}
}
