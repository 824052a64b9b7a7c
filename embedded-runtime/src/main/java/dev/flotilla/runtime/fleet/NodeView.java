package dev.flotilla.runtime.fleet;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.flotilla.runtime.resilience.ResilienceSnapshot;
import java.time.Instant;
import java.util.List;

/**
 * A node as its heartbeat describes it (each entry of {@code nodes} in {@code GET /v1/fleet}, see
 * docs/API.md); the registry adds {@code heartbeat_at} when it stores it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NodeView(String nodeId, String host, String version, String state, Instant startedAt, boolean draining,
                       String model, boolean simulated, boolean demoTraffic, int poolSize, int busy, int inFlight,
                       Resilience resilience, List<PoolView> pools) {

    /** Breakers from the model pipeline; totals from the node's own events (the gateway's rejections included). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Resilience(List<ResilienceSnapshot.Breaker> breakers, long retries, long fallbacks, long throttled,
                             long rateLimited) {}
}
