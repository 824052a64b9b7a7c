package dev.flotilla.console.feature.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.console.fleet.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tool role's grant of one tool in the draft: constraints by argument name, and whether calls need approval. */
public record GrantDraft(Map<String, ConstraintDraft> constraints, boolean approval) {

    public static final GrantDraft PLAIN = new GrantDraft(Map.of(), false);

    public GrantDraft {
        constraints = Collections.unmodifiableMap(new LinkedHashMap<>(constraints));
    }

    static GrantDraft of(JsonNode n) {
        Map<String, ConstraintDraft> c = new LinkedHashMap<>();
        n.path("constraints").fields().forEachRemaining(e -> c.put(e.getKey(), ConstraintDraft.of(e.getValue())));
        return new GrantDraft(c, n.path("approval").asBoolean(false));
    }

    public CellKind kind() {
        if (approval) return CellKind.APPROVAL;
        return constraints.isEmpty() ? CellKind.ALLOW : CellKind.CONSTRAINED;
    }

    GrantDraft withApproval(boolean on) {
        return new GrantDraft(constraints, on);
    }

    /** With {@code argument}'s constraint set, or removed when {@code c} is null. */
    GrantDraft withConstraint(String argument, ConstraintDraft c) {
        Map<String, ConstraintDraft> next = new LinkedHashMap<>(constraints);
        if (c == null) next.remove(argument);
        else next.put(argument, c);
        return new GrantDraft(next, approval);
    }

    ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        if (!constraints.isEmpty()) {
            ObjectNode c = n.putObject("constraints");
            constraints.forEach((k, v) -> c.set(k, v.toJson()));
        }
        if (approval) n.put("approval", true);
        return n;
    }

    /** The cell's words: "allow", "needs approval · tz ∈ {UTC}". */
    String summary() {
        List<String> parts = new ArrayList<>();
        constraints.forEach((arg, c) -> parts.add(c.summary(arg)));
        String constrained = String.join("; ", parts);
        if (approval) return constrained.isEmpty() ? "needs approval" : "needs approval · " + constrained;
        return constrained.isEmpty() ? "allow" : constrained;
    }
}
