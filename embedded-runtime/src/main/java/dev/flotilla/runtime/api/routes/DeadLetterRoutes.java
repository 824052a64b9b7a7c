package dev.flotilla.runtime.api.routes;

import static dev.flotilla.runtime.api.Replies.json;

import dev.flotilla.runtime.api.Access;
import dev.flotilla.runtime.api.ApiException;
import dev.flotilla.runtime.api.Audited;
import dev.flotilla.runtime.api.GatewayBackend;
import dev.flotilla.runtime.api.Replies;
import dev.flotilla.runtime.api.Routes;
import dev.flotilla.runtime.api.dto.DeadLetterList;
import dev.flotilla.runtime.api.dto.DeadLetterView;
import dev.flotilla.runtime.api.dto.RunAccepted;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** Runs whose deliveries failed too often: list, inspect, replay (back in line), discard. */
public final class DeadLetterRoutes implements Routes {

    private final GatewayBackend backend;

    public DeadLetterRoutes(GatewayBackend backend) {
        this.backend = backend;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/dead-letters", ctx -> json(ctx, 200, DeadLetterList.of(backend.deadLetters(Queries.limit(ctx, 100, 1000)))),
                Access.VIEWER);
        routes.get("/v1/dead-letters/{id}", ctx -> json(ctx, 200, DeadLetterView.of(backend.deadLetter(ctx.pathParam("id"))
                .orElseThrow(() -> notFound(ctx.pathParam("id"))))), Access.VIEWER);
        routes.post("/v1/dead-letters/{id}/replay", this::replay, Access.OPERATOR);
        routes.delete("/v1/dead-letters/{id}", ctx -> {
            if (!backend.discardDeadLetter(ctx.pathParam("id"))) throw notFound(ctx.pathParam("id"));
            Audited.record(ctx, backend.audit(), "dead_letter.discarded", ctx.pathParam("id"), "ok", Map.of());
            ctx.status(204);
        }, Access.OPERATOR);
    }

    private void replay(Context ctx) {
        String id = ctx.pathParam("id");
        switch (backend.replayDeadLetter(id)) {
            case REPLAYED -> {
                Audited.record(ctx, backend.audit(), "dead_letter.replayed", id, "ok", Map.of());
                json(ctx, 202, new RunAccepted(id, "queued"));
            }
            case RUN_EXPIRED -> throw new ApiException(410, "run_expired",
                    "run " + id + " expired after the retention time; its dead letter is gone and it cannot be replayed");
            case NOT_FOUND -> throw notFound(id);
        }
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "dead_letter_not_found", "no dead letter for run '" + Replies.shown(id) + "'");
    }
}
