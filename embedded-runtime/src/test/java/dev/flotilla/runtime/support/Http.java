package dev.flotilla.runtime.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/** A tiny JSON client for tests, speaking to a real gateway over real HTTP. */
public final class Http {

    public record Response(int status, JsonNode json, String body, java.net.http.HttpHeaders headers) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String key;

    public Http(String base, String key) {
        this.base = base;
        this.key = key;
    }

    public Http withKey(String otherKey) { return new Http(base, otherKey); }

    /** The gateway's base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String base() { return base; }

    public Response get(String path) { return send("GET", path, null); }

    public Response post(String path, String body) {
        return send("POST", path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    public Response send(String method, String path, byte[] body) {
        var b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        if (key != null) b.header("Authorization", "Bearer " + key);
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException notJson) {
                // metrics and the like
            }
            return new Response(r.statusCode(), json, r.body(), r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Submits a run and returns its id. */
    public String submit(String agent, String input, String sessionId) {
        String body = JSON.createObjectNode().put("agent", agent).put("input", input)
                .put("session_id", sessionId).toString();
        Response r = post("/v1/runs", body);
        if (r.status() != 202) throw new AssertionError("submit failed: " + r.status() + " " + r.body());
        return r.json().get("run_id").asText();
    }

    /** Polls a run until {@code done} holds (or fails after {@code timeout}). */
    public JsonNode awaitRun(String runId, Duration timeout, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get("/v1/runs/" + runId).json();
            if (last != null && done.test(last)) return last;
            Thread.onSpinWait();
            try {
                Thread.sleep(20); // polling a real server, not timing logic
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("run " + runId + " did not reach the expected state in " + timeout + "; last: " + last);
    }

    public JsonNode awaitTerminal(String runId, Duration timeout) {
        return awaitRun(runId, timeout, r -> switch (r.path("status").asText()) {
            case "succeeded", "failed", "cancelled" -> true;
            default -> false;
        });
    }
}
