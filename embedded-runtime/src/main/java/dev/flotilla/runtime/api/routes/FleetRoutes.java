package dev.flotilla.runtime.api.routes;

import static dev.flotilla.runtime.api.Replies.json;

import dev.flotilla.runtime.agent.AgentPool;
import dev.flotilla.runtime.api.Access;
import dev.flotilla.runtime.api.ApiException;
import dev.flotilla.runtime.api.Audited;
import dev.flotilla.runtime.api.BodyReader;
import dev.flotilla.runtime.api.GatewayBackend;
import dev.flotilla.runtime.api.Routes;
import dev.flotilla.runtime.api.RunRequestParser;
import dev.flotilla.runtime.api.dto.DemoState;
import dev.flotilla.runtime.api.dto.ScaledPool;
import dev.flotilla.runtime.fleet.PoolView;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** The fleet at a glance, and the serving node's own pools and demo traffic. */
public final class FleetRoutes implements Routes {

    private final GatewayBackend backend;
    private final RunRequestParser parser;
    private final BodyReader bodies;

    public FleetRoutes(GatewayBackend backend, RunRequestParser parser, BodyReader bodies) {
        this.backend = backend;
        this.parser = parser;
        this.bodies = bodies;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/fleet", ctx -> json(ctx, 200, backend.fleet()), Access.VIEWER);
        routes.post("/v1/pools/{agent}/scale", this::scale, Access.OPERATOR);
        routes.put("/v1/demo", this::demo, Access.OPERATOR);
    }

    private void demo(Context ctx) {
        boolean enabled = parser.parseEnabled(bodies.read(ctx));
        boolean now = backend.setDemoTraffic(enabled);
        Audited.record(ctx, backend.audit(), enabled ? "demo.on" : "demo.off", backend.nodeId(), "ok", Map.of("after", Map.of("enabled", now)));
        json(ctx, 200, new DemoState(now));
    }

    private void scale(Context ctx) {
        String agent = ctx.pathParam("agent");
        int size = parser.parseSize(bodies.read(ctx));
        if (!backend.agents().contains(agent)) throw new ApiException(422, "unknown_agent", "no agent named '" + agent + "'");
        if (size < 1 || size > AgentPool.MAX_SIZE) throw ApiException.badField("size", "must be from 1 to " + AgentPool.MAX_SIZE);
        var scaled = backend.scale(agent, size);
        Audited.record(ctx, backend.audit(), "node.scale", backend.nodeId(), "ok", Map.of("after", Map.of("agent", agent, "size", size)));
        json(ctx, 200, new ScaledPool(PoolView.of(scaled), backend.nodeId()));
    }
}
