package dev.flotilla.runtime.api.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/fleet}: the fleet's agents and queue, and every node it knows as that node's
 * heartbeat described it (nodes of other versions included, so kept as they came).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FleetView(String fleet, String servedBy, List<String> agents, Queue queue, List<JsonNode> nodes) {

    /** Runs waiting, in all and per agent. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Queue(long depth, Map<String, Long> byAgent) {}
}
