package dev.flotilla.console.fleet.api;

import dev.flotilla.console.fleet.TraceInfo.Trace;
import java.util.concurrent.CompletableFuture;

/** A run's trace: its spans as the node's span store keeps them ({@code GET /v1/runs/{id}/trace}). */
public final class TracesApi {

    private static final String WHAT = "traces";

    private final GatewayHttp http;

    public TracesApi(GatewayHttp http) {
        this.http = http;
    }

    /** Fails with {@code run_not_found} (404) for an unknown run. */
    public CompletableFuture<Trace> of(String runId) {
        GatewayHttp.requireId(runId, "runId");
        return http.newer(http.send(http.get(http.url("v1", "runs", runId, "trace")), Trace.class), WHAT);
    }
}
