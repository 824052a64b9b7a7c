package dev.flotilla.runtime.api.routes;

import dev.flotilla.runtime.api.Access;
import dev.flotilla.runtime.api.ApiException;
import dev.flotilla.runtime.api.GatewayBackend;
import dev.flotilla.runtime.api.Routes;
import dev.flotilla.runtime.telemetry.EventBus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The fleet's events as Server-Sent Events: all of them, or one run's; a ping every 15 s keeps proxies from closing idle streams. */
public final class EventRoutes implements Routes, AutoCloseable {

    private final GatewayBackend backend;
    private final SseHub sse = new SseHub(EventBus.JSON);
    private final Consumer<String> fanOut = sse::publish;
    private ScheduledExecutorService pinger;

    public EventRoutes(GatewayBackend backend) {
        this.backend = backend;
    }

    @Override
    public void register(RoutesConfig routes) {
        // an SSE response is committed before its handler runs, so unknown runs are refused here
        routes.before("/v1/runs/{id}/events", ctx -> {
            requireEventStream(ctx);
            RunRoutes.find(backend, ctx.pathParam("id"));
        });
        routes.before("/v1/events", EventRoutes::requireEventStream);
        routes.sse("/v1/events", client -> sse.open(client, null), Access.VIEWER);
        routes.sse("/v1/runs/{id}/events", client -> sse.open(client, client.ctx().pathParam("id")), Access.VIEWER);
        backend.onFleetEvent(fanOut);
        pinger = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sse-ping").factory());
        pinger.scheduleAtFixedRate(sse::ping, 15, 15, TimeUnit.SECONDS);
    }

    /** Without this header Javalin answers an empty 200; say what is missing instead. */
    private static void requireEventStream(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ApiException(406, "not_acceptable", "this is a Server-Sent Events stream; send 'Accept: text/event-stream'");
        }
    }

    /** Closes every open stream and stops listening to the fleet. */
    @Override
    public void close() {
        backend.removeFleetEventListener(fanOut);
        if (pinger != null) pinger.shutdownNow();
        sse.close();
    }
}
