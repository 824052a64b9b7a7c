package dev.flotilla.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.runtime.agent.AgentPool;
import dev.flotilla.runtime.fleet.NodeDescription;
import dev.flotilla.runtime.kernel.Admitted;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.kernel.RunRefusedException;
import dev.flotilla.runtime.ratelimit.RequestLimits;
import dev.flotilla.runtime.run.Run;
import dev.flotilla.runtime.run.RunRequest;
import dev.flotilla.runtime.run.RunStatus;
import dev.flotilla.runtime.security.ApiKeys;
import dev.flotilla.runtime.telemetry.EventBus;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import redis.clients.jedis.exceptions.JedisException;
import org.slf4j.LoggerFactory;

/**
 * The HTTP gateway of a node (API v1): authentication, validation, and translation of requests to
 * the runtime. Errors are mapped to JSON in one place; nothing here holds state beyond SSE clients.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final ObjectMapper JSON = EventBus.JSON;

    private final GatewayBackend backend;
    private final ApiKeys keys;
    private final RunRequestParser parser;
    private final long maxBodyBytes;
    private final SseHub sse = new SseHub(JSON);
    private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("sse-ping").factory());
    private final Consumer<String> fanOut = sse::publish;
    private Javalin app;

    public Gateway(GatewayBackend backend, ApiKeys keys, RunRequestParser parser) {
        this.backend = backend;
        this.keys = keys;
        this.parser = parser;
        // a character may arrive as an escaped surrogate pair, 12 bytes: the promised input length
        // must fit however the client encodes it
        this.maxBodyBytes = Math.max(64 * 1024, parser.maxInputChars() * 12L + 16 * 1024);
    }

    /** Starts listening; {@code port} 0 picks a free port. */
    public Gateway start(String host, int port) {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = maxBodyBytes;
            config.routes.before("/v1/*", this::authenticate);
            // an SSE response is committed before its handler runs, so unknown runs are refused here
            config.routes.before("/v1/runs/{id}/events", ctx -> {
                requireEventStream(ctx);
                findRun(ctx.pathParam("id"));
            });
            config.routes.before("/v1/events", Gateway::requireEventStream);
            config.routes.get("/health", ctx -> json(ctx, 200, JSON.createObjectNode().put("status", "ok")));
            config.routes.get("/ready", this::ready);
            config.routes.get("/metrics", ctx -> ctx.contentType(backend.metricsContentType()).result(backend.metricsText()));
            config.routes.post("/v1/runs", this::submit);
            config.routes.get("/v1/runs", this::listRuns);
            config.routes.get("/v1/runs/{id}", ctx -> json(ctx, 200, runJson(findRun(ctx.pathParam("id")))));
            config.routes.post("/v1/runs/{id}/cancel", this::cancel);
            config.routes.get("/v1/fleet", ctx -> json(ctx, 200, backend.fleet()));
            config.routes.post("/v1/pools/{agent}/scale", this::scale);
            config.routes.post("/v1/nodes/{id}/pause", ctx -> commandNode(ctx, "pause", "paused"));
            config.routes.post("/v1/nodes/{id}/drain", ctx -> commandNode(ctx, "drain", "draining"));
            config.routes.post("/v1/nodes/{id}/resume", ctx -> commandNode(ctx, "resume", "active"));
            config.routes.post("/v1/nodes/{id}/pools/{agent}/scale", this::scaleNode);
            config.routes.get("/v1/dead-letters", this::listDeadLetters);
            config.routes.get("/v1/dead-letters/{id}", ctx -> json(ctx, 200, deadLetterJson(backend.deadLetter(ctx.pathParam("id"))
                    .orElseThrow(() -> deadLetterNotFound(ctx.pathParam("id"))))));
            config.routes.post("/v1/dead-letters/{id}/replay", this::replay);
            config.routes.delete("/v1/dead-letters/{id}", ctx -> {
                if (!backend.discardDeadLetter(ctx.pathParam("id"))) throw deadLetterNotFound(ctx.pathParam("id"));
                ctx.status(204);
            });
            config.routes.get("/v1/resilience", this::resilience);
            config.routes.put("/v1/demo", ctx -> json(ctx, 200,
                    JSON.createObjectNode().put("enabled", backend.setDemoTraffic(parser.parseEnabled(body(ctx))))));
            config.routes.sse("/v1/events", client -> events(client, null));
            config.routes.sse("/v1/runs/{id}/events", client -> events(client, client.ctx().pathParam("id")));
            config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage(), e.retryAfterSeconds()));
            config.routes.exception(RunRefusedException.class, (e, ctx) -> {
                e.headers().forEach(ctx::header);
                error(ctx, e.status(), e.code(), e.getMessage(), e.retryAfterSeconds());
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage(), null));
            config.routes.exception(JedisException.class, (e, ctx) -> {
                log.warn("Redis unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                error(ctx, 503, "store_unavailable", "the fleet's Redis is unreachable; retry shortly (with the same idempotency_key, so a run is never stored twice)", 5);
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal_error", "the node failed to handle this request; see its log", null);
            });
        });
        try {
            app.start(host, port);
        } catch (io.javalin.util.JavalinBindException e) {
            throw new IllegalStateException("port " + port + " on " + host + " is already in use; choose another with --port");
        }
        backend.onFleetEvent(fanOut);
        pinger.scheduleAtFixedRate(sse::ping, 15, 15, TimeUnit.SECONDS);
        return this;
    }

    public int port() {
        return app.port();
    }

    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }

    private void authenticate(Context ctx) {
        String token = bearer(ctx);
        if (keys.authenticate(token).isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "unauthorized",
                    token == null ? "send an API key as 'Authorization: Bearer <key>'" : "the API key is not valid");
        }
    }

    /** Without this header Javalin answers an empty 200; say what is missing instead. */
    private static void requireEventStream(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ApiException(406, "not_acceptable", "this is a Server-Sent Events stream; send 'Accept: text/event-stream'");
        }
    }

    private void ready(Context ctx) {
        Map<String, String> checks = backend.readiness();
        String status = checks.containsValue("unhealthy") ? "unhealthy" : checks.containsValue("degraded") ? "degraded" : "healthy";
        ObjectNode body = JSON.createObjectNode().put("status", status);
        checks.forEach(body.putObject("checks")::put);
        if (status.equals("unhealthy")) ctx.header("Retry-After", "5");
        json(ctx, status.equals("unhealthy") ? 503 : 200, body);
    }

    private void submit(Context ctx) throws RunRefusedException {
        // kernel-chain: who asks travels with the run; until keys carry their own principal, a valid key is the admin key
        Principal principal = Principal.admin(RequestLimits.fingerprint(bearer(ctx)));
        RunRequest request = parser.parseRun(body(ctx)).withPrincipal(principal);
        if (!backend.agents().contains(request.agent())) {
            throw new ApiException(422, "unknown_agent",
                    "no agent named '" + request.agent() + "'; this fleet has " + backend.agents());
        }
        if (backend.draining()) {
            throw new ApiException(503, "draining", "this node is shutting down; send the run to another node", 5);
        }
        // a retry of a run that exists (same idempotency key) is answered without spending a token
        if (request.idempotencyKey() != null) {
            var existing = backend.existingRun(request.idempotencyKey());
            if (existing.isPresent()) {
                json(ctx, 200, JSON.createObjectNode().put("run_id", existing.get().id()).put("status", existing.get().status().wire()));
                return;
            }
        }
        // after validation, before anything is stored: the admission interceptors (rate limits, …) may
        // refuse it (RunRefusedException, answered below); a Redis failure here is the usual 503
        Admitted admitted = backend.submit(request);
        admitted.headers().forEach(ctx::header);
        json(ctx, admitted.created() ? 202 : 200, JSON.createObjectNode().put("run_id", admitted.runId()).put("status", admitted.status()));
    }

    private void listRuns(Context ctx) {
        RunStatus status = null;
        String s = ctx.queryParam("status");
        if (s != null && !s.isEmpty()) {
            try {
                status = RunStatus.fromWire(s);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid_query", "status must be one of queued, running, succeeded, failed, cancelled");
            }
        }
        int limit = 50;
        String l = ctx.queryParam("limit");
        if (l != null && !l.isEmpty()) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 500) throw new ApiException(400, "invalid_query", "limit must be an integer from 1 to 500");
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode runs = body.putArray("runs");
        for (Run r : backend.runs(status, limit)) runs.add(runJson(r));
        json(ctx, 200, body);
    }

    private void cancel(Context ctx) {
        String id = ctx.pathParam("id");
        Run run = backend.cancel(id).orElseThrow(() -> notFound(id));
        if (run.status() != RunStatus.CANCELLED) {
            throw new ApiException(409, "run_finished", "run " + id + " already ended as " + run.status().wire());
        }
        json(ctx, 200, runJson(run));
    }

    private void scale(Context ctx) {
        String agent = ctx.pathParam("agent");
        int size = parser.parseSize(body(ctx));
        if (!backend.agents().contains(agent)) throw new ApiException(422, "unknown_agent", "no agent named '" + agent + "'");
        if (size < 1 || size > AgentPool.MAX_SIZE) throw ApiException.badField("size", "must be from 1 to " + AgentPool.MAX_SIZE);
        ObjectNode pool = NodeDescription.poolJson(backend.scale(agent, size));
        pool.put("served_by", backend.nodeId());
        json(ctx, 200, pool);
    }

    private void commandNode(Context ctx, String action, String requested) {
        String node = ctx.pathParam("id");
        if (!backend.commandNode(node, action)) throw nodeNotFound(node);
        json(ctx, 202, JSON.createObjectNode().put("node_id", node).put("requested", requested));
    }

    private void scaleNode(Context ctx) {
        String node = ctx.pathParam("id");
        String agent = ctx.pathParam("agent");
        RunRequestParser.PoolChange change = parser.parsePoolChange(body(ctx));
        String range = "must be from 1 to " + AgentPool.MAX_SIZE;
        if (change.size() != null && (change.size() < 1 || change.size() > AgentPool.MAX_SIZE)) throw ApiException.badField("size", range);
        if (change.min() != null && (change.min() < 1 || change.min() > AgentPool.MAX_SIZE)) throw ApiException.badField("min", range);
        if (change.max() != null && (change.max() < 1 || change.max() > AgentPool.MAX_SIZE)) throw ApiException.badField("max", range);
        if (change.min() != null && change.min() > change.max()) throw ApiException.badField("min", "must not exceed max");
        // the target node's own agents count, not this node's: nodes of a fleet may run different agents
        switch (backend.scaleNode(node, agent, change)) {
            case NO_NODE -> throw nodeNotFound(node);
            case NO_AGENT -> throw new ApiException(422, "unknown_agent", "node '" + node + "' has no agent named '" + agent + "'");
            case SENT -> { }
        }
        json(ctx, 202, JSON.createObjectNode().put("node_id", node).put("requested", "scaled"));
    }

    private static ApiException nodeNotFound(String node) {
        String shown = node.length() > 80 ? node.substring(0, 80) + "…" : node;
        return new ApiException(404, "node_not_found", "no live node with id '" + shown + "' (see GET /v1/fleet)");
    }

    private void listDeadLetters(Context ctx) {
        int limit = limit(ctx, 100, 1000);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("dead_letters");
        for (var letter : backend.deadLetters(limit)) list.add(deadLetterJson(letter));
        json(ctx, 200, body);
    }

    private void replay(Context ctx) {
        String id = ctx.pathParam("id");
        switch (backend.replayDeadLetter(id)) {
            case REPLAYED -> json(ctx, 202, JSON.createObjectNode().put("run_id", id).put("status", "queued"));
            case RUN_EXPIRED -> throw new ApiException(410, "run_expired",
                    "run " + id + " expired after the retention time; its dead letter is gone and it cannot be replayed");
            case NOT_FOUND -> throw deadLetterNotFound(id);
        }
    }

    private void resilience(Context ctx) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode nodes = body.putArray("nodes");
        for (JsonNode n : backend.nodes()) {
            if ("lost".equals(n.path("state").asText())) continue;
            ObjectNode o = nodes.addObject().put("node_id", n.path("node_id").asText());
            JsonNode r = n.path("resilience");
            o.set("breakers", r.path("breakers").isArray() ? r.path("breakers") : JSON.createArrayNode());
            for (String c : new String[] {"retries", "fallbacks", "throttled", "rate_limited"}) o.put(c, r.path(c).asLong(0));
        }
        ArrayNode recent = body.putArray("recent");
        for (String e : backend.recentResilienceEvents()) {
            try {
                recent.add(JSON.readTree(e));
            } catch (java.io.IOException ignored) {
                // a damaged entry is skipped
            }
        }
        json(ctx, 200, body);
    }

    private static ApiException deadLetterNotFound(String id) {
        String shown = id.length() > 80 ? id.substring(0, 80) + "…" : id;
        return new ApiException(404, "dead_letter_not_found", "no dead letter for run '" + shown + "'");
    }

    private static ObjectNode deadLetterJson(dev.flotilla.runtime.queue.DeadLetters.Letter l) {
        ObjectNode n = JSON.createObjectNode();
        n.put("run_id", l.runId()).put("agent", l.agent()).put("dead_lettered_at", l.at().toString()).put("failures", l.failures());
        l.run().ifPresent(r -> {
            n.put("input", r.input()).put("deliveries", r.deliveries());
            if (r.errorCode() != null) n.putObject("error").put("code", r.errorCode()).put("message", r.errorMessage());
            n.set("errors", rawArray(r.errorsJson()));
            n.set("timeline", rawArray(r.timelineJson()));
        });
        return n;
    }

    private static JsonNode rawArray(String json) {
        if (json == null || json.isEmpty()) return JSON.createArrayNode();
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            return JSON.createArrayNode();
        }
    }

    private static int limit(Context ctx, int fallback, int max) {
        String l = ctx.queryParam("limit");
        if (l == null || l.isEmpty()) return fallback;
        int limit;
        try {
            limit = Integer.parseInt(l);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > max) throw new ApiException(400, "invalid_query", "limit must be an integer from 1 to " + max);
        return limit;
    }

    private void events(SseClient client, String runId) {
        sse.open(client, runId);
    }

    private byte[] body(Context ctx) {
        long declared = ctx.contentLength();
        if (declared > maxBodyBytes) {
            // answering before the body is read makes the connection close under a client still
            // sending, which then sees a reset instead of the 413: read and drop moderate excess
            if (declared <= 8 * maxBodyBytes) {
                try (var in = ctx.req().getInputStream()) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException ignored) {
                    // the client went away; nobody reads the answer
                }
            }
            throw new ApiException(413, "payload_too_large", "the body has " + declared + " bytes; the limit is " + maxBodyBytes);
        }
        return ctx.bodyAsBytes();
    }

    private Run findRun(String id) {
        return backend.run(id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        String shown = id.length() > 80 ? id.substring(0, 80) + "…" : id;
        return new ApiException(404, "run_not_found", "no run with id '" + shown + "' (runs expire after the retention time)");
    }

    static ObjectNode runJson(Run r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("run_id", r.id()).put("agent", r.agent()).put("status", r.status().wire()).put("input", r.input());
        if (r.output() != null) n.put("output", r.output());
        if (r.errorCode() != null) n.putObject("error").put("code", r.errorCode()).put("message", r.errorMessage());
        if (r.promptTokens() != null) {
            n.putObject("usage").put("prompt_tokens", r.promptTokens()).put("completion_tokens", r.completionTokens())
                    .put("total_tokens", r.totalTokens());
        }
        if (r.model() != null) n.put("model", r.model());
        if (r.sessionId() != null) n.put("session_id", r.sessionId());
        if (r.idempotencyKey() != null) n.put("idempotency_key", r.idempotencyKey());
        if (!r.metadata().isEmpty()) r.metadata().forEach(n.putObject("metadata")::put);
        if (r.node() != null) n.put("node", r.node());
        if (r.principal() != null) { // kernel-chain: who submitted the run (a key's id and name, never the key)
            n.putObject("principal").put("key_id", r.principal().keyId()).put("key_name", r.principal().keyName())
                    .put("operator_role", r.principal().role().name().toLowerCase()).put("tool_role", r.principal().toolRole());
        }
        n.put("attempts", r.attempts());
        n.put("deliveries", r.deliveries());
        if (r.fallbackReason() != null) n.put("fallback_reason", r.fallbackReason());
        if (r.timelineJson() != null) n.set("timeline", rawArray(r.timelineJson()));
        if (r.createdAt() != null) n.put("created_at", r.createdAt().toString());
        if (r.startedAt() != null) n.put("started_at", r.startedAt().toString());
        if (r.finishedAt() != null) n.put("finished_at", r.finishedAt().toString());
        if (r.durationMillis() != null) n.put("duration_ms", r.durationMillis());
        return n;
    }

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(dev.flotilla.runtime.json.Json.write(body));
    }

    private static void error(Context ctx, int status, String code, String message, Integer retryAfter) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        if (retryAfter != null) ctx.header("Retry-After", retryAfter.toString());
        json(ctx, status, body);
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            default -> status >= 500 ? "internal_error" : "request_refused";
        };
    }

    /** Stops accepting connections; SSE clients are closed. */
    @Override
    public void close() {
        backend.removeFleetEventListener(fanOut);
        pinger.shutdownNow();
        sse.close();
        if (app != null) app.stop();
    }
}
