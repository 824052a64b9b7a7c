package dev.flotilla.console.fleet.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.Json;
import dev.flotilla.console.fleet.ScaledPool;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The fleet as the node at this URL sees it ({@code /v1/fleet}), and what that node changes for
 * itself: its demo traffic and the size of one of its pools.
 */
public final class FleetApi {

    private final GatewayHttp http;

    public FleetApi(GatewayHttp http) {
        this.http = http;
    }

    /** Every node with its state, heartbeat, pools and breakers; the queue; which node answered. */
    public CompletableFuture<FleetInfo> get() {
        return http.send(http.get(http.url("v1", "fleet")), FleetInfo.class);
    }

    /**
     * Scales the pool of the node that takes the request (behind a load balancer, any node of the
     * fleet); completes with that pool and that node's id.
     */
    public CompletableFuture<ScaledPool> scale(String agent, int size) {
        return http.send(http.post(http.url("v1", "pools", agent, "scale"), GatewayHttp.object().put("size", size)), JsonNode.class)
                .thenApply(this::readScaled);
    }

    private ScaledPool readScaled(JsonNode answer) {
        try {
            JsonNode servedBy = answer.get("served_by");
            return new ScaledPool(servedBy == null || servedBy.isNull() ? null : servedBy.asText(),
                    Json.MAPPER.treeToValue(answer, FleetInfo.Pool.class));
        } catch (IOException | RuntimeException e) {
            throw http.unreadable(200, e);
        }
    }

    /** Turns demo traffic on the serving node on or off; completes with the new setting. */
    public CompletableFuture<Boolean> setDemo(boolean enabled) {
        return http.send(http.put(http.url("v1", "demo"), GatewayHttp.object().put("enabled", enabled)), JsonNode.class)
                .thenApply(n -> n.path("enabled").asBoolean(enabled));
    }
}
