package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One node's breakers and resilience counters (since it started): retried model calls, fallbacks
 * taken, waits for a provider's limits, and requests refused over a rate limit. {@code nodeId} is
 * set in {@code GET /v1/resilience} and null inside a {@code GET /v1/fleet} node.
 */
public record NodeResilience(@JsonProperty("node_id") String nodeId,
                             List<Breaker> breakers,
                             long retries,
                             long fallbacks,
                             long throttled,
                             @JsonProperty("rate_limited") long rateLimited) {

    public NodeResilience {
        breakers = breakers == null ? List.of() : List.copyOf(breakers);
    }

    public NodeResilience withNodeId(String id) {
        return new NodeResilience(id, breakers, retries, fallbacks, throttled, rateLimited);
    }
}
