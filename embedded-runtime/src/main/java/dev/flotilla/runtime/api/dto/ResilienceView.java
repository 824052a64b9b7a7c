package dev.flotilla.runtime.api.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.flotilla.runtime.json.Json;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /v1/resilience}: breakers and counters per live node, and the fleet's recent resilience events. */
public record ResilienceView(List<Node> nodes, List<JsonNode> recent) {

    /** One live node's figures, from its heartbeat. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Node(String nodeId, JsonNode breakers, long retries, long fallbacks, long throttled, long rateLimited) {}

    /**
     * From the fleet's node descriptions as stored (any version: read leniently) and the recent
     * events as their JSON (damaged ones skipped).
     */
    public static ResilienceView of(List<JsonNode> fleetNodes, List<String> recentEvents) {
        List<Node> nodes = new ArrayList<>();
        for (JsonNode n : fleetNodes) {
            if ("lost".equals(n.path("state").asText())) continue;
            JsonNode r = n.path("resilience");
            nodes.add(new Node(n.path("node_id").asText(),
                    r.path("breakers").isArray() ? r.path("breakers") : Json.MAPPER.createArrayNode(),
                    r.path("retries").asLong(0), r.path("fallbacks").asLong(0), r.path("throttled").asLong(0),
                    r.path("rate_limited").asLong(0)));
        }
        return new ResilienceView(nodes, StoredJson.each(recentEvents));
    }
}
