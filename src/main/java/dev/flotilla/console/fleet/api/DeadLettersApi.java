package dev.flotilla.console.fleet.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flotilla.console.fleet.DeadLetter;
import dev.flotilla.console.fleet.RunSubmitted;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;

/** Runs that failed delivery too often ({@code /v1/dead-letters}): list, inspect, replay, discard. */
public final class DeadLettersApi {

    private static final String WHAT = "dead letters";

    private final GatewayHttp http;

    public DeadLettersApi(GatewayHttp http) {
        this.http = http;
    }

    /** The dead letters, newest first. */
    public CompletableFuture<List<DeadLetter>> list(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit < 1: " + limit);
        HttpUrl u = http.urlBuilder("v1/dead-letters").addQueryParameter("limit", Integer.toString(limit)).build();
        return http.newer(http.send(http.get(u), DeadLetterList.class), WHAT).thenApply(DeadLetterList::deadLetters);
    }

    /** One dead letter; fails with {@code dead_letter_not_found} (404) when there is none for this run. */
    public CompletableFuture<DeadLetter> get(String runId) {
        GatewayHttp.requireId(runId, "runId");
        return http.newer(http.send(http.get(http.url("v1", "dead-letters", runId)), DeadLetter.class), WHAT);
    }

    /** Puts a dead-lettered run back in line with its delivery count reset; completes with it queued. */
    public CompletableFuture<RunSubmitted> replay(String runId) {
        GatewayHttp.requireId(runId, "runId");
        return http.newer(http.send(http.post(http.url("v1", "dead-letters", runId, "replay")), RunSubmitted.class), WHAT);
    }

    /** Forgets a dead letter; the run stays failed. */
    public CompletableFuture<Void> discard(String runId) {
        GatewayHttp.requireId(runId, "runId");
        return http.newer(http.send(http.delete(http.url("v1", "dead-letters", runId)), Void.class), WHAT);
    }

    record DeadLetterList(@JsonProperty("dead_letters") List<DeadLetter> deadLetters) {
        DeadLetterList {
            deadLetters = deadLetters == null ? List.of() : deadLetters;
        }
    }
}
