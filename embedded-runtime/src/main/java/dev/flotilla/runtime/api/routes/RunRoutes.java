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
import dev.flotilla.runtime.kernel.Admitted;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.security.Caller;
import dev.flotilla.runtime.kernel.RunRefusedException;
import dev.flotilla.runtime.run.Run;
import dev.flotilla.runtime.run.RunRequest;
import dev.flotilla.runtime.run.RunStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Runs: submit (through the kernel's admission interceptors: rate limits, …), list, read, cancel. */
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

    private void submit(Context ctx) throws RunRefusedException {
        // who asks travels with the run, down to its tools, and is stored with it
        RunRequestParser.ParsedRun parsed = parser.parseRunAndToolRole(bodies.read(ctx));
        RunRequest request = parsed.request().withPrincipal(actingFor(ctx, parsed.toolRole()));
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
        // after validation, before anything is stored: the kernel's admission interceptors (rate limits, …)
        // may refuse it (a RunRefusedException, answered as its JSON error); a Redis failure here is the usual 503
        Admitted admitted = backend.submit(request, headers(ctx));
        admitted.headers().forEach(ctx::header);
        json(ctx, admitted.created() ? 202 : 200, new RunAccepted(admitted.runId(), admitted.status()));
    }

    /** The caller, acting for the tool role the run asks when its key may act for it (403 when not); else the key's default. */
    private static Principal actingFor(Context ctx, String toolRole) {
        Caller caller = AccessControl.caller(ctx);
        Principal who = caller.principal();
        if (toolRole == null || toolRole.equals(who.toolRole())) return who;
        if (!caller.mayActFor(toolRole)) {
            throw new ApiException(403, "tool_role_forbidden", "the API key '" + who.keyName() + "' may not act for the tool role '"
                    + toolRole + "'; it may act for " + caller.toolRoles() + " (its default is '" + who.toolRole() + "')");
        }
        return new Principal(who.keyId(), who.keyName(), who.role(), toolRole);
    }

    /** The request's headers for the admission interceptors: lower-case names, never a credential. */
    private static Map<String, String> headers(Context ctx) {
        Map<String, String> out = new HashMap<>();
        ctx.headerMap().forEach((name, value) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (!n.equals("authorization") && !n.equals("cookie") && !n.equals("proxy-authorization")) out.put(n, value);
        });
        return out;
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
