package dev.flotilla.runtime.api.routes;

import static dev.flotilla.runtime.api.Replies.json;

import dev.flotilla.runtime.api.GatewayBackend;
import dev.flotilla.runtime.api.Routes;
import dev.flotilla.runtime.api.dto.Health;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Probes and metrics: open (no key), so load balancers and scrapers need none; they carry no secrets. */
public final class HealthRoutes implements Routes {

    private final GatewayBackend backend;

    public HealthRoutes(GatewayBackend backend) {
        this.backend = backend;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/health", ctx -> json(ctx, 200, Health.live()));
        routes.get("/ready", this::ready);
        routes.get("/metrics", ctx -> ctx.contentType(backend.metricsContentType()).result(backend.metricsText()));
    }

    private void ready(Context ctx) {
        Health health = Health.ready(backend.readiness());
        boolean unhealthy = health.status().equals("unhealthy");
        if (unhealthy) ctx.header("Retry-After", "5");
        json(ctx, unhealthy ? 503 : 200, health);
    }
}
