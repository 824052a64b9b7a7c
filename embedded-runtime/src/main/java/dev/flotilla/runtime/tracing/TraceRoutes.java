package dev.flotilla.runtime.tracing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.FleetScript;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code GET /v1/runs/{id}/trace}: a run's spans from its span store (one Redis read), or, while
 * it runs on this node, the spans it ended so far ({@code complete: false}).
 */
final class TraceRoutes {

    private final FleetScript traceOf;
    private final Function<String, String> runKey;
    private final RunTracing runs;
    private final int maxSpans;

    TraceRoutes(FleetScript traceOf, Function<String, String> runKey, RunTracing runs, int maxSpans) {
        this.traceOf = traceOf;
        this.runKey = runKey;
        this.runs = runs;
        this.maxSpans = maxSpans;
    }

    void trace(Context ctx) throws Exception {
        String id = ctx.pathParam("id");
        List<?> reply = (List<?>) traceOf.run(List.of(runKey.apply("run:" + id)), List.of());
        if (reply.isEmpty()) {
            String shown = id.length() > 80 ? id.substring(0, 80) + "…" : id;
            reply(ctx, 404, Json.MAPPER.valueToTree(Map.of("error", Map.of("code", "run_not_found",
                    "message", "no run with id '" + shown + "' (runs expire after the retention time)"))));
            return;
        }
        String status = String.valueOf(reply.get(0));
        String traceId = String.valueOf(reply.get(1));
        String stored = String.valueOf(reply.get(2));
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("run_id", id);
        body.put("status", status);
        if (!stored.isEmpty()) {
            ObjectNode trace = (ObjectNode) Json.MAPPER.readTree(stored);
            body.put("complete", true);
            body.setAll(trace);
        } else {
            RunTrace live = runs.running(id);
            ObjectNode trace = live == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.valueToTree(live.sofar(maxSpans));
            if (!trace.has("trace_id") && !traceId.isEmpty()) trace.put("trace_id", traceId);
            if (!trace.has("spans")) trace.putArray("spans");
            if (!trace.has("dropped")) trace.put("dropped", 0);
            body.put("complete", false);
            body.setAll(trace);
        }
        reply(ctx, 200, body);
    }

    private static void reply(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}
