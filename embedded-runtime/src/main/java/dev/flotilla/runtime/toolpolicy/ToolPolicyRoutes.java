package dev.flotilla.runtime.toolpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.runtime.api.AccessControl;
import dev.flotilla.runtime.api.ApiException;
import dev.flotilla.runtime.api.Replies;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.AuditEntry;
import dev.flotilla.runtime.kernel.AuditTrail;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.kernel.Routes;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The tool policy's HTTP routes: read it (viewer), its versions and the diff of two, and, for
 * admins, publish, roll back and dry-run a draft. Bad input is a 4xx that changes nothing.
 */
final class ToolPolicyRoutes {

    static final int DRY_RUN_DEFAULT_RUNS = 1_000;
    static final int DRY_RUN_MAX_RUNS = 10_000;
    private static final int COMMENT_MAX = 500;

    private final PolicyStore store;
    private final EnforcedPolicy enforced;
    private final AuditTrail audit;
    private final Clock clock;

    ToolPolicyRoutes(PolicyStore store, EnforcedPolicy enforced, AuditTrail audit, Clock clock) {
        this.store = store;
        this.enforced = enforced;
        this.audit = audit;
        this.clock = clock;
    }

    void register(Routes routes) {
        routes.get("/v1/tool-policy", OperatorRole.VIEWER, this::current)
              .post("/v1/tool-policy", OperatorRole.ADMIN, this::publish)
              .get("/v1/tool-policy/versions", OperatorRole.VIEWER, this::versions)
              .get("/v1/tool-policy/versions/{version}", OperatorRole.VIEWER, this::version)
              .get("/v1/tool-policy/diff", OperatorRole.VIEWER, this::diff)
              .post("/v1/tool-policy/rollback", OperatorRole.ADMIN, this::rollback)
              .post("/v1/tool-policy/dry-run", OperatorRole.ADMIN, this::dryRun);
    }

    private void current(Context ctx) {
        ObjectNode body = store.read(null).toJson(true);
        body.put("enforced_here", enforced.current().number());
        Replies.json(ctx, 200, body);
    }

    private void versions(Context ctx) {
        List<PolicyVersion> all = store.versions();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("current", all.getFirst().number());
        ArrayNode list = body.putArray("versions");
        all.forEach(v -> list.add(v.toJson(false)));
        Replies.json(ctx, 200, body);
    }

    private void version(Context ctx) {
        Replies.json(ctx, 200, existing(number(ctx.pathParam("version"), "version")).toJson(true));
    }

    private void diff(Context ctx) {
        String fromParam = ctx.queryParam("from");
        if (fromParam == null) throw ApiException.badField("from", "is required: the version to compare from");
        PolicyVersion from = existing(number(fromParam, "from"));
        String toParam = ctx.queryParam("to");
        PolicyVersion to = toParam == null ? store.read(null) : existing(number(toParam, "to"));
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("from", from.number()).put("to", to.number());
        body.set("changes", Json.MAPPER.valueToTree(PolicyDiff.between(from.policy(), to.policy())));
        Replies.json(ctx, 200, body);
    }

    private void publish(Context ctx) {
        JsonNode body = body(ctx);
        ToolPolicy policy = policy(body.get("policy"));
        String comment = comment(body, null);
        Long expected = body.hasNonNull("expected_version") ? expectedVersion(body.get("expected_version")) : null;
        PolicyVersion before = store.read(null);
        publish(ctx, policy, comment, expected, null, before, "tool_policy.published");
    }

    private void rollback(Context ctx) {
        JsonNode body = body(ctx);
        JsonNode v = body.get("version");
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) throw ApiException.badField("version", "must be the number of the version to roll back to");
        PolicyVersion target = existing(v.asLong());
        PolicyVersion before = store.read(null);
        if (target.number() == before.number()) {
            throw new ApiException(409, "already_current", "version " + target.number() + " is the current version; nothing to roll back");
        }
        String comment = comment(body, "rollback to v" + target.number());
        publish(ctx, target.policy(), comment, before.number(), target.number(), before, "tool_policy.rolled_back");
    }

    private void publish(Context ctx, ToolPolicy policy, String comment, Long expected, Long rollbackOf, PolicyVersion before,
                         String action) {
        Principal who = AccessControl.principal(ctx);
        PolicyVersion draft = new PolicyVersion(1, policy, comment, clock.instant(), who == null ? null : who.keyName(), rollbackOf);
        long n = store.publish(expected, draft);
        if (n < 0) {
            throw new ApiException(409, "version_conflict", "the policy changed meanwhile (expected version " + expected
                    + "); read it again (GET /v1/tool-policy) and publish on top of it");
        }
        PolicyVersion published = new PolicyVersion(n, policy, comment, draft.publishedAt(), draft.publishedBy(), rollbackOf);
        enforced.take(published);
        if (who != null) {
            audit.record(new AuditEntry(action, "tool-policy v" + n, "ok", who, ctx.ip(), Map.of(
                    "before_version", before.number(), "after_version", n, "comment", comment,
                    "changes", PolicyDiff.between(before.policy(), policy).size())));
        }
        Replies.json(ctx, 201, published.toJson(true));
    }

    private void dryRun(Context ctx) {
        JsonNode body = body(ctx);
        ToolPolicy draft = policy(body.get("policy"));
        int runs = DRY_RUN_DEFAULT_RUNS;
        if (body.hasNonNull("runs")) {
            JsonNode r = body.get("runs");
            if (!r.isIntegralNumber() || r.asLong() < 1 || r.asLong() > DRY_RUN_MAX_RUNS) {
                throw ApiException.badField("runs", "must be a whole number from 1 to " + DRY_RUN_MAX_RUNS + ", not " + r);
            }
            runs = r.asInt();
        }
        enforced.refresh(); // this node's own recent calls count too
        DryRun.Result result = DryRun.replay(store.calls(PolicyStore.CALLS_KEPT), runs, store.read(null), draft);
        Replies.json(ctx, 200, Json.MAPPER.valueToTree(result));
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode n = Json.MAPPER.readTree(ctx.body());
            if (n == null || !n.isObject()) throw new ApiException(400, "invalid_json", "the body must be a JSON object");
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiException(400, "invalid_json", "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static ToolPolicy policy(JsonNode n) {
        if (n == null) throw ApiException.badField("policy", "is required: {\"roles\": {ROLE: {TOOL: GRANT}}}");
        try {
            return ToolPolicy.parse(n);
        } catch (IllegalArgumentException e) {
            throw new ApiException(422, "invalid_policy", e.getMessage());
        }
    }

    private static String comment(JsonNode body, String fallback) {
        JsonNode c = body.get("comment");
        if (c == null || c.isNull() || (c.isTextual() && c.asText().isBlank())) {
            if (fallback != null) return fallback;
            throw ApiException.badField("comment", "is required: say why the policy changes");
        }
        if (!c.isTextual()) throw ApiException.badField("comment", "must be a string");
        if (c.asText().length() > COMMENT_MAX) throw ApiException.badField("comment", "is longer than " + COMMENT_MAX + " characters");
        return c.asText().strip();
    }

    private static long expectedVersion(JsonNode n) {
        if (!n.isIntegralNumber() || n.asLong() < 0) throw ApiException.badField("expected_version", "must be a version number, not " + n);
        return n.asLong();
    }

    private static long number(String text, String field) {
        try {
            long n = Long.parseLong(text.trim());
            if (n < 0) throw ApiException.badField(field, "must be a version number (0 or more), not " + Replies.shown(text));
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badField(field, "must be a version number, not '" + Replies.shown(text) + "'");
        }
    }

    private PolicyVersion existing(long number) {
        PolicyVersion v = store.read(number);
        if (v == null) throw new ApiException(404, "unknown_version", "there is no tool policy version " + number + " (see GET /v1/tool-policy/versions)");
        return v;
    }
}
