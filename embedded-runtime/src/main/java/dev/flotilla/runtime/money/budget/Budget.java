package dev.flotilla.runtime.money.budget;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.model.ModelRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A limit on spending: on the whole fleet, one API key (by id), one agent, one model
 * ({@code provider/model}) or one tool role ({@code scope} and {@code subject}); {@code limitUsd} per
 * {@code period}; alerts at each of {@code thresholds} (fractions of the limit in (0, 1]); and what
 * happens at the limit ({@code action}: refuse the call, or downgrade to the next model of the chain).
 */
public record Budget(String id, String name, String scope, String subject, double limitUsd, Period period,
                     List<Double> thresholds, String action, Instant createdAt, Instant updatedAt) {

    public static final List<String> SCOPES = List.of("fleet", "key", "agent", "model", "tool_role");
    public static final List<Double> DEFAULT_THRESHOLDS = List.of(0.5, 0.8, 1.0);
    public static final String REFUSE = "refuse";
    public static final String DOWNGRADE = "downgrade";

    public Budget {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[A-Za-z0-9_.-]{1,64}")) throw new IllegalArgumentException("id must be 1-64 of [A-Za-z0-9_.-]: '" + id + "'");
        if (name == null || name.isBlank()) name = id;
        if (name.length() > 100) throw new IllegalArgumentException("name longer than 100 characters");
        if (!SCOPES.contains(scope)) throw new IllegalArgumentException("scope must be one of " + SCOPES + ": '" + scope + "'");
        if (scope.equals("fleet")) subject = null;
        else if (subject == null || subject.isBlank() || subject.length() > 200) {
            throw new IllegalArgumentException("a " + scope + " budget needs a subject (the " + scope + " it limits)");
        }
        if (scope.equals("model")) ModelRef.parse(subject);
        if (!Double.isFinite(limitUsd) || limitUsd <= 0 || limitUsd > 1e9) {
            throw new IllegalArgumentException("limit_usd must be a positive number of USD: " + limitUsd);
        }
        Objects.requireNonNull(period, "period");
        thresholds = thresholds == null || thresholds.isEmpty() ? DEFAULT_THRESHOLDS : List.copyOf(thresholds.stream().sorted().distinct().toList());
        for (double t : thresholds) {
            if (!(t > 0 && t <= 1)) throw new IllegalArgumentException("thresholds must lie in (0, 1]: " + t);
        }
        if (action == null) action = REFUSE;
        if (!action.equals(REFUSE) && !action.equals(DOWNGRADE)) {
            throw new IllegalArgumentException("action must be refuse or downgrade: '" + action + "'");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        if (updatedAt == null) updatedAt = createdAt;
    }

    /** True when the budget limits a call of {@code who}, running {@code agent}, on {@code model} (null: any model). */
    public boolean applies(Principal who, String agent, String model) {
        return switch (scope) {
            case "fleet" -> true;
            case "key" -> subject.equals(who.keyId());
            case "agent" -> subject.equals(agent);
            case "model" -> model != null && subject.equals(model);
            case "tool_role" -> subject.equals(who.toolRole());
            default -> false;
        };
    }

    /**
     * A budget from a request body: {@code {"name","scope","subject","limit_usd","period","thresholds","action"}};
     * {@code id} and {@code createdAt} are the server's. Every problem is an {@link IllegalArgumentException} naming the field.
     */
    public static Budget fromJson(String id, JsonNode body, Instant createdAt, Instant updatedAt) {
        if (body == null || !body.isObject()) throw new IllegalArgumentException("the body must be a JSON object");
        JsonNode limit = body.path("limit_usd");
        if (!limit.isNumber()) throw new IllegalArgumentException("limit_usd must be a number: " + (limit.isMissingNode() ? "missing" : limit.toString()));
        JsonNode period = body.path("period");
        if (!period.isTextual()) throw new IllegalArgumentException("period must be day, week, month or total");
        List<Double> thresholds = null;
        JsonNode th = body.path("thresholds");
        if (!th.isMissingNode() && !th.isNull()) {
            if (!th.isArray()) throw new IllegalArgumentException("thresholds must be an array of fractions in (0, 1]");
            thresholds = new ArrayList<>();
            for (JsonNode t : th) {
                if (!t.isNumber()) throw new IllegalArgumentException("thresholds must be numbers in (0, 1]: " + t);
                thresholds.add(t.asDouble());
            }
        }
        return new Budget(id, text(body, "name"), text(body, "scope") == null ? null : text(body, "scope").toLowerCase(Locale.ROOT),
                text(body, "subject"), limit.asDouble(), Period.parse(period.asText()), thresholds, text(body, "action"), createdAt, updatedAt);
    }

    /** The budget as stored and as the API shows it. */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("scope", scope);
        if (subject != null) m.put("subject", subject);
        m.put("limit_usd", limitUsd);
        m.put("period", period.wire());
        m.put("thresholds", thresholds);
        m.put("action", action);
        m.put("created_at", createdAt.toString());
        m.put("updated_at", updatedAt.toString());
        return m;
    }

    /** A budget as {@link #toMap} stored it. */
    public static Budget stored(JsonNode n) {
        return fromJson(n.path("id").asText(), n, Instant.parse(n.path("created_at").asText()), Instant.parse(n.path("updated_at").asText()));
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.path(field);
        if (v.isMissingNode() || v.isNull()) return null;
        if (!v.isTextual()) throw new IllegalArgumentException(field + " must be a string: " + v);
        return v.asText();
    }
}
