package dev.flotilla.runtime.api.routes;

import static dev.flotilla.runtime.api.Replies.json;

import dev.flotilla.runtime.agent.AgentPool;
import dev.flotilla.runtime.api.Access;
import dev.flotilla.runtime.api.ApiException;
import dev.flotilla.runtime.api.Audited;
import dev.flotilla.runtime.api.BodyReader;
import dev.flotilla.runtime.api.GatewayBackend;
import dev.flotilla.runtime.api.Replies;
import dev.flotilla.runtime.api.Routes;
import dev.flotilla.runtime.api.RunRequestParser;
import dev.flotilla.runtime.api.dto.NodeRequested;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** Steering any live node of the fleet from this gateway: pause, drain, resume, and its pools' sizes and bounds. */
public final class NodeRoutes implements Routes {

    private final GatewayBackend backend;
    private final RunRequestParser parser;
    private final BodyReader bodies;

    public NodeRoutes(GatewayBackend backend, RunRequestParser parser, BodyReader bodies) {
        this.backend = backend;
        this.parser = parser;
        this.bodies = bodies;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/nodes/{id}/pause", ctx -> command(ctx, "pause", "paused"), Access.OPERATOR);
        routes.post("/v1/nodes/{id}/drain", ctx -> command(ctx, "drain", "draining"), Access.OPERATOR);
        routes.post("/v1/nodes/{id}/resume", ctx -> command(ctx, "resume", "active"), Access.OPERATOR);
        routes.post("/v1/nodes/{id}/pools/{agent}/scale", this::scale, Access.OPERATOR);
    }

    private void command(Context ctx, String action, String requested) {
        String node = ctx.pathParam("id");
        if (!backend.commandNode(node, action)) throw notFound(node);
        Audited.record(ctx, backend.audit(), "node." + action, node, "ok", Map.of("after", Map.of("state", requested)));
        json(ctx, 202, new NodeRequested(node, requested));
    }

    private void scale(Context ctx) {
        String node = ctx.pathParam("id");
        String agent = ctx.pathParam("agent");
        RunRequestParser.PoolChange change = parser.parsePoolChange(bodies.read(ctx));
        String range = "must be from 1 to " + AgentPool.MAX_SIZE;
        if (change.size() != null && (change.size() < 1 || change.size() > AgentPool.MAX_SIZE)) throw ApiException.badField("size", range);
        if (change.min() != null && (change.min() < 1 || change.min() > AgentPool.MAX_SIZE)) throw ApiException.badField("min", range);
        if (change.max() != null && (change.max() < 1 || change.max() > AgentPool.MAX_SIZE)) throw ApiException.badField("max", range);
        if (change.min() != null && change.min() > change.max()) throw ApiException.badField("min", "must not exceed max");
        // the target node's own agents count, not this node's: nodes of a fleet may run different agents
        switch (backend.scaleNode(node, agent, change)) {
            case NO_NODE -> throw notFound(node);
            case NO_AGENT -> throw new ApiException(422, "unknown_agent", "node '" + node + "' has no agent named '" + agent + "'");
            case SENT -> { }
        }
        Map<String, Object> after = new java.util.LinkedHashMap<>();
        after.put("agent", agent);
        if (change.size() != null) after.put("size", change.size());
        if (change.min() != null) after.put("min", change.min());
        if (change.max() != null) after.put("max", change.max());
        Audited.record(ctx, backend.audit(), "node.scale", node, "ok", Map.of("after", after));
        json(ctx, 202, new NodeRequested(node, "scaled"));
    }

    private static ApiException notFound(String node) {
        return new ApiException(404, "node_not_found", "no live node with id '" + Replies.shown(node) + "' (see GET /v1/fleet)");
    }
}
