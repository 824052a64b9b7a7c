package dev.flotilla.console.fleet.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.console.fleet.RunInfo;
import dev.flotilla.console.fleet.RunStatus;
import dev.flotilla.console.fleet.RunSubmitted;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;

/** Runs: submit one, read one or the recent ones, cancel one ({@code /v1/runs}). */
public final class RunsApi {

    private final GatewayHttp http;

    public RunsApi(GatewayHttp http) {
        this.http = http;
    }

    /** Queues a run; {@code sessionId} may be null. Completes when the node has accepted it ({@code 202}). */
    public CompletableFuture<RunSubmitted> submit(String agent, String input, String sessionId) {
        ObjectNode body = GatewayHttp.object().put("agent", agent).put("input", input);
        if (sessionId != null && !sessionId.isBlank()) body.put("session_id", sessionId);
        return http.send(http.post(http.url("v1", "runs"), body), RunSubmitted.class);
    }

    /** Fails with {@code run_not_found} (404) for an unknown id. */
    public CompletableFuture<RunInfo> get(String id) {
        return http.send(http.get(http.url("v1", "runs", id)), RunInfo.class);
    }

    /** Newest first; {@code status} null for all. */
    public CompletableFuture<List<RunInfo>> list(RunStatus status, int limit) {
        HttpUrl.Builder u = http.urlBuilder("v1/runs").addQueryParameter("limit", Integer.toString(limit));
        if (status != null) u.addQueryParameter("status", status.wire());
        return http.send(http.get(u.build()), RunList.class).thenApply(RunList::runs);
    }

    /** Completes with the run as cancelled. */
    public CompletableFuture<RunInfo> cancel(String id) {
        return http.send(http.post(http.url("v1", "runs", id, "cancel")), RunInfo.class);
    }

    record RunList(List<RunInfo> runs) {
        RunList {
            runs = runs == null ? List.of() : runs;
        }
    }
}
