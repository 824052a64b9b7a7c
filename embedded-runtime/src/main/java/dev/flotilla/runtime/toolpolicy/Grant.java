package dev.flotilla.runtime.toolpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool role's permission to call one tool (or every tool, {@code *}): constraints on the call's
 * arguments by argument name, and whether each call needs an operator's approval first. Immutable.
 */
public record Grant(Map<String, ArgConstraint> constraints, boolean approval) {

    public static final Grant PLAIN = new Grant(Map.of(), false);

    public Grant {
        constraints = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(constraints));
    }

    static Grant parse(String where, JsonNode n) {
        if (n == null || n.isNull() || (n.isBoolean() && n.asBoolean())) return PLAIN;
        if (!n.isObject()) throw new IllegalArgumentException(where + " must be an object ({} to allow), not " + n);
        n.fieldNames().forEachRemaining(f -> {
            if (!List.of("constraints", "approval").contains(f)) {
                throw new IllegalArgumentException(where + " has an unknown field '" + f + "' (known: constraints, approval)");
            }
        });
        Map<String, ArgConstraint> constraints = new LinkedHashMap<>();
        JsonNode c = n.get("constraints");
        if (c != null && !c.isNull()) {
            if (!c.isObject()) throw new IllegalArgumentException(where + ".constraints must be an object by argument name");
            c.fields().forEachRemaining(e -> constraints.put(e.getKey(), ArgConstraint.parse(where + ".constraints." + e.getKey(), e.getValue())));
        }
        JsonNode a = n.get("approval");
        if (a != null && !a.isBoolean()) throw new IllegalArgumentException(where + ".approval must be true or false, not " + a);
        return new Grant(constraints, a != null && a.asBoolean());
    }

    /** Why {@code arguments} break a constraint, or null when they keep them all. */
    String check(JsonNode arguments) {
        for (Map.Entry<String, ArgConstraint> e : constraints.entrySet()) {
            JsonNode value = arguments == null ? null : arguments.get(e.getKey());
            if (value == null || value.isNull()) continue;
            String broken = e.getValue().check(e.getKey(), value);
            if (broken != null) return broken;
        }
        return null;
    }

    /** What the console's matrix shows: allow, allow with constraints, or needs approval. */
    public String kind() {
        if (approval) return "approval";
        return constraints.isEmpty() ? "allow" : "constrained";
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (!constraints.isEmpty()) {
            ObjectNode c = n.putObject("constraints");
            constraints.forEach((k, v) -> c.set(k, v.toJson()));
        }
        if (approval) n.put("approval", true);
        return n;
    }
}
