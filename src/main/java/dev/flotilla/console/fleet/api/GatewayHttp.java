package dev.flotilla.console.fleet.api;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.FleetApiException;
import dev.flotilla.console.fleet.GatewayUrl;
import dev.flotilla.console.fleet.Json;
import dev.flotilla.console.fleet.NetworkProblem;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * What every facet of the client shares: one OkHttp client per node, the API key on every request,
 * and the one mapping of failures to {@link FleetApiException}: the server's
 * {@code {"error":{code,message}}}, {@code unreachable} when no answer came, {@code bad_response}
 * when the answer was not the JSON the API promises, and {@code unsupported} for a route an older
 * node does not have. Futures complete on OkHttp threads; cancelling one cancels its call.
 */
public final class GatewayHttp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayHttp.class);
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    private final HttpUrl base;
    private final ApiKey key;
    private final OkHttpClient http;
    private final ExecutorService threads;

    public GatewayHttp(String baseUrl, ApiKey key) {
        this.base = GatewayUrl.parse(baseUrl);
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

    /** The node's URL without a trailing slash, as messages name it. */
    public String baseUrl() {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    HttpUrl url(String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String s : segments) b.addPathSegment(s);
        return b.build();
    }

    HttpUrl.Builder urlBuilder(String pathSegments) {
        return base.newBuilder().addPathSegments(pathSegments);
    }

    Request.Builder authorized(HttpUrl url) {
        return new Request.Builder().url(url).header("Authorization", "Bearer " + key.reveal());
    }

    Request get(HttpUrl url) {
        return authorized(url).get().build();
    }

    Request post(HttpUrl url, JsonNode body) {
        return authorized(url).post(body(body)).build();
    }

    Request post(HttpUrl url) {
        return post(url, Json.MAPPER.createObjectNode());
    }

    Request put(HttpUrl url, JsonNode body) {
        return authorized(url).put(body(body)).build();
    }

    Request delete(HttpUrl url) {
        return authorized(url).delete().build();
    }

    static ObjectNode object() {
        return Json.MAPPER.createObjectNode();
    }

    /** A client for long-lived calls (event streams): no call timeout, and {@code readTimeout} as given. */
    OkHttpClient streaming(Duration readTimeout) {
        return http.newBuilder().callTimeout(Duration.ZERO).readTimeout(readTimeout).build();
    }

    static void requireId(String id, String what) {
        if (id == null || id.isBlank()) throw new IllegalArgumentException(what + " is blank: '" + id + "'");
    }

    /** Sends {@code request}; the future completes with the answer read as {@code type} (null for {@code Void}). */
    <T> CompletableFuture<T> send(Request request, Class<T> type) {
        return send(request, Json.MAPPER.constructType(type));
    }

    <T> CompletableFuture<T> send(Request request, JavaType type) {
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

    /**
     * A route of issue 3 or later that a node of the first slice does not have: its router answers a
     * bare 404, which would otherwise read as "no Flotilla API here". Errors of the route itself
     * ({@code node_not_found}, {@code dead_letter_not_found}) keep their own code and words.
     */
    <T> CompletableFuture<T> newer(CompletableFuture<T> call, String what) {
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

    private static RequestBody body(JsonNode node) {
        return RequestBody.create(node.toString(), JSON_TYPE);
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
    FleetApiException unreadable(int status, Exception e) {
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
}
