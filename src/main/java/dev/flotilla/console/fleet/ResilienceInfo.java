package dev.flotilla.console.fleet;

import java.util.List;

/** {@code GET /v1/resilience}: breakers and counters per live node, and the fleet's recent resilience events, newest first. */
public record ResilienceInfo(List<NodeResilience> nodes, List<FleetEvent> recent) {

    public ResilienceInfo {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        recent = recent == null ? List.of() : List.copyOf(recent);
    }
}
