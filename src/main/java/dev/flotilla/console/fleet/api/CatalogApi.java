package dev.flotilla.console.fleet.api;

import dev.flotilla.console.fleet.AgentCatalog;
import java.util.concurrent.CompletableFuture;

/** What the node's agents are ({@code GET /v1/agents}); nodes before issue 11 answer 404. */
public final class CatalogApi {

    private final GatewayHttp http;

    public CatalogApi(GatewayHttp http) {
        this.http = http;
    }

    public CompletableFuture<AgentCatalog> agents() {
        return http.newer(http.send(http.get(http.url("v1", "agents")), AgentCatalog.class), "the agents' definitions");
    }
}
