package dev.flotilla.console.fleet.api;

import dev.flotilla.console.fleet.ResilienceInfo;
import java.util.concurrent.CompletableFuture;

/** The fleet's resilience ({@code /v1/resilience}). */
public final class ResilienceApi {

    private final GatewayHttp http;

    public ResilienceApi(GatewayHttp http) {
        this.http = http;
    }

    /** Breakers and counters per live node, and the fleet's recent resilience events, newest first. */
    public CompletableFuture<ResilienceInfo> get() {
        return http.newer(http.send(http.get(http.url("v1", "resilience")), ResilienceInfo.class), "the resilience view");
    }
}
