package dev.flotilla.console.fleet.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.console.fleet.NodeCommand;
import dev.flotilla.console.fleet.PoolScale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Commands for one node of the fleet, sent through whichever node this client talks to
 * ({@code /v1/nodes/{id}/...}). Each completes when the fleet has taken the request ({@code 202});
 * the node acts within a second. An unknown or lost node fails with {@code node_not_found} (404).
 */
public final class NodesApi {

    private static final String WHAT = "node control";

    private final GatewayHttp http;

    public NodesApi(GatewayHttp http) {
        this.http = http;
    }

    /** Stops the node taking runs from the queue; its runs in flight finish and its gateway still accepts runs. */
    public CompletableFuture<NodeCommand> pause(String nodeId) {
        return command(nodeId, "pause");
    }

    /** Like {@link #pause}, and the node's gateway refuses new runs until it is resumed. */
    public CompletableFuture<NodeCommand> drain(String nodeId) {
        return command(nodeId, "drain");
    }

    /** Makes a paused or draining node active again. */
    public CompletableFuture<NodeCommand> resume(String nodeId) {
        return command(nodeId, "resume");
    }

    private CompletableFuture<NodeCommand> command(String nodeId, String command) {
        GatewayHttp.requireId(nodeId, "nodeId");
        return http.newer(http.send(http.post(http.url("v1", "nodes", nodeId, command)), NodeCommand.class), WHAT);
    }

    /**
     * Scales one pool of one node: its size, its autoscaling bounds, or both. Fails with
     * {@code node_not_found} (404), {@code unknown_agent} (422) or {@code invalid_field} (400).
     */
    public CompletableFuture<NodeCommand> scalePool(String nodeId, String agent, PoolScale scale) {
        GatewayHttp.requireId(nodeId, "nodeId");
        GatewayHttp.requireId(agent, "agent");
        Objects.requireNonNull(scale, "scale");
        ObjectNode body = GatewayHttp.object();
        if (scale.size() != null) body.put("size", scale.size());
        if (scale.min() != null) body.put("min", scale.min()).put("max", scale.max());
        return http.newer(http.send(http.post(http.url("v1", "nodes", nodeId, "pools", agent, "scale"), body), NodeCommand.class),
                "scaling one node's pool");
    }
}
