package dev.flotilla.runtime.api.routes;

import static dev.flotilla.runtime.api.Replies.json;

import dev.flotilla.runtime.api.Access;
import dev.flotilla.runtime.api.GatewayBackend;
import dev.flotilla.runtime.api.Routes;
import dev.flotilla.runtime.api.dto.ResilienceView;
import io.javalin.config.RoutesConfig;

/** Breakers and counters per live node, and the fleet's recent resilience events. */
public final class ResilienceRoutes implements Routes {

    private final GatewayBackend backend;

    public ResilienceRoutes(GatewayBackend backend) {
        this.backend = backend;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/resilience", ctx -> json(ctx, 200, ResilienceView.of(backend.nodes(), backend.recentResilienceEvents())),
                Access.VIEWER);
    }
}
