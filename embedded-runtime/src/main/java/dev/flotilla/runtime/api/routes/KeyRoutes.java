package dev.flotilla.runtime.api.routes;

import static dev.flotilla.runtime.api.Replies.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.api.Access;
import dev.flotilla.runtime.api.AccessControl;
import dev.flotilla.runtime.api.ApiException;
import dev.flotilla.runtime.api.Audited;
import dev.flotilla.runtime.api.BodyReader;
import dev.flotilla.runtime.api.Replies;
import dev.flotilla.runtime.api.Routes;
import dev.flotilla.runtime.api.RunRequestParser;
import dev.flotilla.runtime.api.dto.KeyView;
import dev.flotilla.runtime.api.dto.WhoAmI;
import dev.flotilla.runtime.kernel.AuditTrail;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.security.ApiKeyRecord;
import dev.flotilla.runtime.security.KeyRing;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The fleet's API keys (admin): create (the secret shown once), list, rotate, revoke; and who the caller is (anyone). */
public final class KeyRoutes implements Routes {

    private static final Set<String> FIELDS = Set.of("name", "role", "tool_role", "tool_roles", "expires_at", "rate_per_minute");

    private final KeyRing keys;
    private final AuditTrail audit;
    private final RunRequestParser parser;
    private final BodyReader bodies;
    private final Clock clock;

    public KeyRoutes(KeyRing keys, AuditTrail audit, RunRequestParser parser, BodyReader bodies, Clock clock) {
        this.keys = keys;
        this.audit = audit;
        this.parser = parser;
        this.bodies = bodies;
        this.clock = clock;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/v1/whoami", ctx -> json(ctx, 200, WhoAmI.of(AccessControl.caller(ctx))), Access.VIEWER);
        routes.get("/v1/keys", ctx -> json(ctx, 200, Map.of("keys", keys.list().stream().map(r -> KeyView.of(r, clock.instant(), null)).toList())),
                Access.ADMIN);
        routes.post("/v1/keys", this::create, Access.ADMIN);
        routes.post("/v1/keys/{id}/rotate", this::rotate, Access.ADMIN);
        routes.delete("/v1/keys/{id}", this::revoke, Access.ADMIN);
    }

    private void create(Context ctx) {
        JsonNode body = parser.tree(bodies.read(ctx));
        for (var it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw ApiException.badField(f, "is not a known field; use " + FIELDS);
        }
        KeyRing.NewKey spec = new KeyRing.NewKey(text(body, "name"), role(body), text(body, "tool_role"), toolRoles(body),
                instant(body, "expires_at"), integer(body, "rate_per_minute"));
        if (spec.name() == null) throw ApiException.badField("name", "is required");
        KeyRing.Issued issued;
        try {
            issued = keys.create(spec, AccessControl.principal(ctx));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_field", e.getMessage());
        }
        ApiKeyRecord r = issued.record();
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("name", r.name());
        after.put("role", r.role().name().toLowerCase());
        after.put("tool_role", r.toolRole());
        after.put("tool_roles", r.toolRoles());
        if (r.expiresAt() != null) after.put("expires_at", r.expiresAt().toString());
        if (r.ratePerMinute() != null) after.put("rate_per_minute", r.ratePerMinute());
        Audited.record(ctx, audit, "key.created", r.id(), "ok", Map.of("after", after));
        json(ctx, 201, KeyView.of(r, clock.instant(), issued.secret()));
    }

    private void rotate(Context ctx) {
        String id = ctx.pathParam("id");
        KeyRing.Issued issued;
        try {
            issued = keys.rotate(id).orElseThrow(() -> notFound(id));
        } catch (IllegalStateException e) {
            throw new ApiException(409, "key_revoked", e.getMessage());
        }
        Audited.record(ctx, audit, "key.rotated", id, "ok", Map.of("name", issued.record().name()));
        json(ctx, 200, KeyView.of(issued.record(), clock.instant(), issued.secret()));
    }

    private void revoke(Context ctx) {
        String id = ctx.pathParam("id");
        ApiKeyRecord before = keys.find(id).orElseThrow(() -> notFound(id));
        ApiKeyRecord after = keys.revoke(id).orElseThrow(() -> notFound(id));
        if (before.revokedAt() == null) {
            Audited.record(ctx, audit, "key.revoked", id, "ok", Map.of("name", after.name(),
                    "before", Map.of("state", KeyView.state(before, clock.instant())), "after", Map.of("state", "revoked")));
        }
        json(ctx, 200, KeyView.of(after, clock.instant(), null));
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "key_not_found", "no API key with id '" + Replies.shown(id) + "'");
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiException.badField(field, "must be a string");
        return v.textValue();
    }

    private static OperatorRole role(JsonNode body) {
        String r = text(body, "role");
        if (r == null) throw ApiException.badField("role", "is required: viewer, operator or admin");
        return switch (r) {
            case "viewer" -> OperatorRole.VIEWER;
            case "operator" -> OperatorRole.OPERATOR;
            case "admin" -> OperatorRole.ADMIN;
            default -> throw ApiException.badField("role", "must be viewer, operator or admin, not '" + Replies.shown(r) + "'");
        };
    }

    private static List<String> toolRoles(JsonNode body) {
        JsonNode v = body.get("tool_roles");
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray() || v.size() > 32) throw ApiException.badField("tool_roles", "must be an array of at most 32 tool roles");
        List<String> out = new ArrayList<>();
        for (JsonNode t : v) {
            if (!t.isTextual()) throw ApiException.badField("tool_roles", "must hold strings");
            out.add(t.textValue());
        }
        return out;
    }

    private static Instant instant(JsonNode body, String field) {
        String s = text(body, field);
        if (s == null) return null;
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiException.badField(field, "must be an ISO-8601 instant such as 2027-01-31T00:00:00Z");
        }
    }

    private static Integer integer(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw ApiException.badField(field, "must be an integer");
        return v.intValue();
    }
}
