package dev.flotilla.runtime.api.routes;

import dev.flotilla.runtime.api.BodyReader;
import dev.flotilla.runtime.api.GatewayBackend;
import dev.flotilla.runtime.api.Routes;
import dev.flotilla.runtime.api.RunRequestParser;
import java.util.List;

/** The routes of API v1 (docs/API.md), in one list: a new concern adds its routes here. */
public final class ApiV1 {

    private ApiV1() {}

    public static List<Routes> routes(GatewayBackend backend, RunRequestParser parser, BodyReader bodies) {
        return List.of(
                new HealthRoutes(backend),
                new RunRoutes(backend, parser, bodies),
                new EventRoutes(backend),
                new FleetRoutes(backend, parser, bodies),
                new NodeRoutes(backend, parser, bodies),
                new DeadLetterRoutes(backend),
                new ResilienceRoutes(backend));
    }
}
