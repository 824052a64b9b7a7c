package dev.flotilla.runtime.api.routes;

import static dev.flotilla.runtime.api.Replies.json;

import dev.flotilla.runtime.api.Access;
import dev.flotilla.runtime.api.AccessControl;
import dev.flotilla.runtime.api.ApiException;
import dev.flotilla.runtime.api.BodyReader;
import dev.flotilla.runtime.api.GatewayBackend;
import dev.flotilla.runtime.api.Replies;
import dev.flotilla.runtime.api.Routes;
import dev.flotilla.runtime.api.RunRequestParser;
import dev.flotilla.runtime.api.dto.RunAccepted;
import dev.flotilla.runtime.api.dto.RunList;
import dev.flotilla.runtime.api.dto.RunView;
import dev.flotilla.runtime.ratelimit.RequestLimits;
import dev.flotilla.runtime.run.Run;
import dev.flotilla.runtime.run.RunRequest;
import dev.flotilla.runtime.run.RunStatus;
import dev.flotilla.runtime.store.RunRecords;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Runs: submit (within the rate limits), list, read, cancel. */
public final class RunRoutes implements Routes {

    private final GatewayBackend backend;
    private final RunRequestParser parser;
    private final BodyReader bodies;

    public RunRoutes(GatewayBackend backend, RunRequestParser parser, BodyReader bodies) {
        this.backend = backend;
        this.parser = parser;
        this.bodies = bodies;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/v1/runs", this::submit, Access.OPERATOR);
        routes.get("/v1/runs", this::list, Access.VIEWER);
        routes.get("/v1/runs/{id}", ctx -> json(ctx, 200, RunView.of(find(backend, ctx.pathParam("id")))), Access.VIEWER);
        routes.post("/v1/runs/{id}/cancel", this::cancel, Access.OPERATOR);
    }

    private void submit(Context ctx) {
        RunRequest request = parser.parseRun(bodies.read(ctx));
        if (!backend.agents().contains(request.agent())) {
            throw new ApiException(422, "unknown_agent",
                    "no agent named '" + request.agent() + "'; this fleet has " + backend.agents());
        }
        if (backend.draining()) {
            throw new ApiException(503, "draining", "this node is shutting down; send the run to another node", 5);
        }
        // a retry of a run that exists (same idempotency key) is answered without spending a token
        if (request.idempotencyKey() != null) {
            var existing = backend.existingRun(request);
            if (existing.isPresent()) {
                json(ctx, 200, RunAccepted.of(existing.get()));
                return;
            }
        }
        // after validation, before anything is stored; a Redis failure here is the usual 503
        RequestLimits.Verdict verdict = backend.admit(AccessControl.principal(ctx).keyId(), request.agent());
        if (!verdict.quotas().isEmpty()) {
            ctx.header(RateLimitHeaders.POLICY, RateLimitHeaders.policy(verdict));
            ctx.header(RateLimitHeaders.STATE, RateLimitHeaders.state(verdict));
        }
        if (!verdict.admitted()) {
            refuseOverLimit(ctx, verdict, request.agent());
            return;
        }
        RunRecords.Created created = backend.submit(request);
        json(ctx, created.created() ? 202 : 200, RunAccepted.of(created.run()));
    }

    private void refuseOverLimit(Context ctx, RequestLimits.Verdict verdict, String agent) {
        int retryAfter = RateLimitHeaders.wholeSeconds(verdict.retryAfter());
        backend.publish(new RuntimeEvent.RateLimited(backend.clock().instant(), backend.nodeId(),
                verdict.scope(), verdict.subject(), verdict.retryAfter().toMillis()));
        var limit = verdict.quotas().stream().filter(q -> q.policy().equals(verdict.scope())).findFirst().orElseThrow().limit();
        String whose = verdict.scope().equals(RequestLimits.KEY) ? "this API key" : "agent '" + agent + "'";
        Replies.error(ctx, 429, "rate_limited", "too many runs for " + whose + " (" + limit.perMinute() + " a minute, bursts of "
                + limit.burst() + ", fleet-wide); retry in " + retryAfter + " s", retryAfter);
    }

    private void list(Context ctx) {
        RunStatus status = null;
        String s = ctx.queryParam("status");
        if (s != null && !s.isEmpty()) {
            try {
                status = RunStatus.fromWire(s);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid_query", "status must be one of queued, running, succeeded, failed, cancelled");
            }
        }
        int limit = Queries.limit(ctx, 50, 500);
        json(ctx, 200, RunList.of(backend.runs(status, limit)));
    }

    private void cancel(Context ctx) {
        String id = ctx.pathParam("id");
        Run run = backend.cancel(id).orElseThrow(() -> notFound(id));
        if (run.status() != RunStatus.CANCELLED) {
            throw new ApiException(409, "run_finished", "run " + id + " already ended as " + run.status().wire());
        }
        json(ctx, 200, RunView.of(run));
    }

    static Run find(GatewayBackend backend, String id) {
        return backend.run(id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "run_not_found", "no run with id '" + Replies.shown(id) + "' (runs expire after the retention time)");
    }
}
