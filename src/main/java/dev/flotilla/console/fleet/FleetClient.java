package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's client of one node's gateway (API v1, see docs/API.md). Every call is asynchronous:
 * the returned future completes on an OkHttp thread, never the FX thread, with the parsed answer or
 * with a {@link FleetApiException} carrying the server's {@code {"error":{code,message}}} (or
 * {@code unreachable} when no answer came). Cancelling a future cancels its HTTP call.
 * {@link #close()} stops the threads this client owns.
 */
public final class FleetClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetClient.class);
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    /** SSE pings come every 15 s; three missed pings mean the stream is dead even if TCP says not. */
    private static final Duration EVENT_READ_TIMEOUT = Duration.ofSeconds(45);

    private final HttpUrl base;
    private final ApiKey key;
    private final OkHttpClient http;
    private final ExecutorService threads;

    public FleetClient(String baseUrl, ApiKey key) {
        this.base = parseBaseUrl(baseUrl);
        this.key = Objects.requireNonNull(key, "key");
        // daemon threads: a forgotten client must not keep the JVM alive after the window closed
        this.threads = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("fleet-http-", 0).factory());
        Dispatcher dispatcher = new Dispatcher(threads);
        dispatcher.setMaxRequestsPerHost(16);
        this.http = new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(15))
                .callTimeout(Duration.ofSeconds(20))
                .build();
    }

    /** Checks that {@code url} is an http(s) URL; the message says what is wrong with it. */
    public static HttpUrl parseBaseUrl(String url) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("enter the node's URL, e.g. http://fleet.example:8080");
        String u = url.strip();
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw new IllegalArgumentException("the URL must start with http:// or https://");
        }
        HttpUrl parsed = HttpUrl.parse(u);
        if (parsed == null) throw new IllegalArgumentException("not a valid URL: " + u);
        // a password in the URL would show in the sidebar, the status bar and every error message
        if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
            throw new IllegalArgumentException("leave the user name and password out of the URL; the API key goes in its own field");
        }
        return parsed;
    }

    public String baseUrl() {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    public CompletableFuture<RunSubmitted> submitRun(String agent, String input, String sessionId) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("agent", agent).put("input", input);
        if (sessionId != null && !sessionId.isBlank()) body.put("session_id", sessionId);
        return send(post(url("v1", "runs"), body), type(RunSubmitted.class));
    }

    public CompletableFuture<RunInfo> getRun(String id) {
        return send(get(url("v1", "runs", id)), type(RunInfo.class));
    }

    /** Newest first; {@code status} null for all. */
    public CompletableFuture<List<RunInfo>> listRuns(RunStatus status, int limit) {
        HttpUrl.Builder u = base.newBuilder().addPathSegments("v1/runs").addQueryParameter("limit", Integer.toString(limit));
        if (status != null) u.addQueryParameter("status", status.wire());
        return this.<RunList>send(get(u.build()), type(RunList.class)).thenApply(RunList::runs);
    }

    public CompletableFuture<RunInfo> cancel(String id) {
        return send(post(url("v1", "runs", id, "cancel"), Json.MAPPER.createObjectNode()), type(RunInfo.class));
    }

    public CompletableFuture<FleetInfo> fleet() {
        return send(get(url("v1", "fleet")), type(FleetInfo.class));
    }

    /**
     * Scales the pool of the node that takes the request (behind a load balancer, any node of the
     * fleet); completes with that pool and that node's id.
     */
    public CompletableFuture<ScaledPool> scale(String agent, int size) {
        return this.<JsonNode>send(post(url("v1", "pools", agent, "scale"), Json.MAPPER.createObjectNode().put("size", size)),
                type(JsonNode.class)).thenApply(this::readScaled);
    }

    private ScaledPool readScaled(JsonNode answer) {
        try {
            JsonNode servedBy = answer.get("served_by");
            return new ScaledPool(servedBy == null || servedBy.isNull() ? null : servedBy.asText(),
                    Json.MAPPER.treeToValue(answer, FleetInfo.Pool.class));
        } catch (IOException | RuntimeException e) {
            throw unreadable(200, e);
        }
    }

    /** Turns demo traffic on the serving node on or off; completes with the new setting. */
    public CompletableFuture<Boolean> setDemo(boolean enabled) {
        Request r = authorized(url("v1", "demo")).put(body(Json.MAPPER.createObjectNode().put("enabled", enabled))).build();
        return this.<JsonNode>send(r, type(JsonNode.class)).thenApply(n -> n.path("enabled").asBoolean(enabled));
    }

    /**
     * Stops node {@code nodeId} taking runs from the queue; its runs in flight finish and its gateway
     * still accepts runs. Completes when the fleet has taken the request ({@code 202}); the node acts
     * within a second. Fails with {@code node_not_found} (404) for an unknown or lost node.
     */
    public CompletableFuture<NodeCommand> pauseNode(String nodeId) {
        return nodeCommand(nodeId, "pause");
    }

    /** Like {@link #pauseNode}, and the node's gateway refuses new runs until it is resumed. */
    public CompletableFuture<NodeCommand> drainNode(String nodeId) {
        return nodeCommand(nodeId, "drain");
    }

    /** Makes a paused or draining node active again. */
    public CompletableFuture<NodeCommand> resumeNode(String nodeId) {
        return nodeCommand(nodeId, "resume");
    }

    private CompletableFuture<NodeCommand> nodeCommand(String nodeId, String command) {
        requireId(nodeId, "nodeId");
        return newer(send(post(url("v1", "nodes", nodeId, command), Json.MAPPER.createObjectNode()), type(NodeCommand.class)),
                "node control");
    }

    /**
     * Scales one pool of one node: its size, its autoscaling bounds, or both. Fails with
     * {@code node_not_found} (404), {@code unknown_agent} (422) or {@code invalid_field} (400).
     */
    public CompletableFuture<NodeCommand> scalePool(String nodeId, String agent, PoolScale scale) {
        requireId(nodeId, "nodeId");
        requireId(agent, "agent");
        Objects.requireNonNull(scale, "scale");
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (scale.size() != null) body.put("size", scale.size());
        if (scale.min() != null) body.put("min", scale.min()).put("max", scale.max());
        return newer(send(post(url("v1", "nodes", nodeId, "pools", agent, "scale"), body), type(NodeCommand.class)),
                "scaling one node's pool");
    }

    /** Breakers and counters per live node, and the fleet's recent resilience events, newest first. */
    public CompletableFuture<ResilienceInfo> resilience() {
        return newer(send(get(url("v1", "resilience")), type(ResilienceInfo.class)), "the resilience view");
    }

    /** The dead letters, newest first. */
    public CompletableFuture<List<DeadLetter>> deadLetters(int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit < 1: " + limit);
        HttpUrl u = base.newBuilder().addPathSegments("v1/dead-letters").addQueryParameter("limit", Integer.toString(limit)).build();
        return newer(this.<DeadLetterList>send(get(u), type(DeadLetterList.class)), "dead letters")
                .thenApply(DeadLetterList::deadLetters);
    }

    /** One dead letter; fails with {@code dead_letter_not_found} (404) when there is none for this run. */
    public CompletableFuture<DeadLetter> deadLetter(String runId) {
        requireId(runId, "runId");
        return newer(send(get(url("v1", "dead-letters", runId)), type(DeadLetter.class)), "dead letters");
    }

    /** Puts a dead-lettered run back in line with its delivery count reset; completes with it queued. */
    public CompletableFuture<RunSubmitted> replayDeadLetter(String runId) {
        requireId(runId, "runId");
        return newer(send(post(url("v1", "dead-letters", runId, "replay"), Json.MAPPER.createObjectNode()), type(RunSubmitted.class)),
                "dead letters");
    }

    /** Forgets a dead letter; the run stays failed. */
    public CompletableFuture<Void> discardDeadLetter(String runId) {
        requireId(runId, "runId");
        return newer(send(authorized(url("v1", "dead-letters", runId)).delete().build(), type(Void.class)), "dead letters");
    }

    private static void requireId(String id, String what) {
        if (id == null || id.isBlank()) throw new IllegalArgumentException(what + " is blank: '" + id + "'");
    }

    /**
     * A route of issue 3 that a node of the first slice does not have: its router answers a bare
     * 404, which would otherwise read as "no Flotilla API here". Errors of the route itself
     * ({@code node_not_found}, {@code dead_letter_not_found}) keep their own code and words.
     */
    private <T> CompletableFuture<T> newer(CompletableFuture<T> call, String what) {
        CompletableFuture<T> out = new CompletableFuture<>();
        call.whenComplete((value, error) -> {
            if (error == null) {
                out.complete(value);
            } else if (error instanceof FleetApiException e && e.status() == 404
                    && ("not_found".equals(e.code()) || ("http_404").equals(e.code()))) {
                out.completeExceptionally(new FleetApiException(404, FleetApiException.UNSUPPORTED, "the node at " + baseUrl()
                        + " does not offer " + what + " (it runs an older Flotilla version); update the fleet's nodes to use it"));
            } else {
                out.completeExceptionally(error);
            }
        });
        // cancelling what the caller holds cancels the HTTP call
        out.whenComplete((v, e) -> {
            if (out.isCancelled()) call.cancel(true);
        });
        return out;
    }

    /**
     * Opens the fleet's event stream; it reconnects by itself until closed. {@code onEvent} and
     * {@code onState} run on background threads.
     */
    public EventStream events(Consumer<FleetEvent> onEvent, Consumer<ConnectionState> onState, ScheduledExecutorService scheduler) {
        OkHttpClient sse = http.newBuilder().callTimeout(Duration.ZERO).readTimeout(EVENT_READ_TIMEOUT).build();
        Request r = authorized(url("v1", "events")).header("Accept", "text/event-stream").build();
        return new EventStream(sse, r, onEvent, onState, scheduler, Backoff.standard()).start();
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String s : segments) b.addPathSegment(s);
        return b.build();
    }

    private Request.Builder authorized(HttpUrl url) {
        return new Request.Builder().url(url).header("Authorization", "Bearer " + key.reveal());
    }

    private Request get(HttpUrl url) {
        return authorized(url).get().build();
    }

    private Request post(HttpUrl url, JsonNode body) {
        return authorized(url).post(body(body)).build();
    }

    private static RequestBody body(JsonNode node) {
        return RequestBody.create(node.toString(), JSON_TYPE);
    }

    private static JavaType type(Class<?> c) {
        return Json.MAPPER.constructType(c);
    }

    private <T> CompletableFuture<T> send(Request request, JavaType type) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Call call = http.newCall(request);
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) call.cancel();
        });
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                result.completeExceptionally(new FleetApiException(0, FleetApiException.UNREACHABLE, unreachable(e)));
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response; ResponseBody body = response.body()) {
                    byte[] bytes = body.bytes();
                    if (!response.isSuccessful()) {
                        result.completeExceptionally(error(response.code(), bytes));
                        return;
                    }
                    if (type.getRawClass() == Void.class) {
                        result.complete(null); // 204: nothing to read
                        return;
                    }
                    result.complete(Json.MAPPER.readValue(bytes, type));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(unreadable(response.code(), e));
                }
            }
        });
        return result;
    }

    private FleetApiException error(int status, byte[] body) {
        try {
            JsonNode e = Json.MAPPER.readTree(body).path("error");
            if (e.hasNonNull("message")) {
                return new FleetApiException(status, e.path("code").asText("error"), e.path("message").asText());
            }
        } catch (IOException | RuntimeException ignored) {
            // not our JSON: a proxy or another server answered
        }
        String message = switch (status) {
            case 401 -> "the API key was rejected; remove the fleet and add it again with the right key";
            case 404 -> "no Flotilla API at " + baseUrl() + " (HTTP 404)";
            default -> "the node at " + baseUrl() + " answered HTTP " + status;
        };
        return new FleetApiException(status, status == 401 ? "unauthorized" : "http_" + status, message);
    }

    private String unreachable(IOException e) {
        log.debug("no answer from {}: {}", baseUrl(), e.toString());
        return "cannot reach " + baseUrl() + ": " + NetworkProblem.describe(e);
    }

    /** The parser's own words name Java types and quote the body, so they go to the log only. */
    private FleetApiException unreadable(int status, Exception e) {
        log.debug("unreadable answer from {}: {}", baseUrl(), e.toString());
        return new FleetApiException(status, FleetApiException.BAD_RESPONSE, "the node at " + baseUrl()
                + " sent an answer the console cannot read; check that the URL points at a Flotilla node of this version");
    }

    @Override
    public void close() {
        http.dispatcher().cancelAll();
        threads.shutdown();
        http.connectionPool().evictAll();
    }

    record DeadLetterList(@JsonProperty("dead_letters") List<DeadLetter> deadLetters) {
        DeadLetterList {
            deadLetters = deadLetters == null ? List.of() : deadLetters;
        }
    }

    record RunList(List<RunInfo> runs) {
        RunList {
            runs = runs == null ? List.of() : runs;
        }
    }
}
