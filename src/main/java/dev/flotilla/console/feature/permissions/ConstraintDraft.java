package dev.flotilla.console.feature.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.console.fleet.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One argument's constraint as an operator types it: allowed values (comma-separated), a pattern,
 * a maximum; blank parts are absent. Kept as text so a half-typed pattern is a draft, not an error
 * that loses the typing; {@link #problem} says what would keep it from being published.
 */
public record ConstraintDraft(String values, String pattern, String max) {

    public static final ConstraintDraft EMPTY = new ConstraintDraft("", "", "");

    public ConstraintDraft {
        values = values == null ? "" : values;
        pattern = pattern == null ? "" : pattern;
        max = max == null ? "" : max;
    }

    static ConstraintDraft of(JsonNode n) {
        List<String> vs = new ArrayList<>();
        n.path("values").forEach(v -> vs.add(v.asText()));
        return new ConstraintDraft(String.join(", ", vs), n.path("pattern").asText(""),
                n.hasNonNull("max") ? n.get("max").asText() : "");
    }

    public boolean isEmpty() {
        return values.isBlank() && pattern.isBlank() && max.isBlank();
    }

    public List<String> valueList() {
        List<String> out = new ArrayList<>();
        for (String v : values.split(",")) if (!v.isBlank()) out.add(v.strip());
        return out;
    }

    /** Why this cannot be published ({@code where} names it), or null. */
    public String problem(String where) {
        if (isEmpty()) return where + " has no allowed values, pattern or maximum";
        if (!pattern.isBlank()) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                return where + ": the pattern is not a valid regular expression (" + e.getDescription() + ")";
            }
        }
        if (!max.isBlank()) {
            try {
                new BigDecimal(max.strip());
            } catch (NumberFormatException e) {
                return where + ": the maximum '" + max + "' is not a number";
            }
        }
        return null;
    }

    ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        List<String> vs = valueList();
        if (!vs.isEmpty()) vs.forEach(n.putArray("values")::add);
        if (!pattern.isBlank()) n.put("pattern", pattern);
        if (!max.isBlank()) {
            try {
                n.put("max", new BigDecimal(max.strip()));
            } catch (NumberFormatException e) {
                n.put("max", max); // the server names it; problem() keeps the console from sending it
            }
        }
        return n;
    }

    /** "tz ∈ {UTC, CET}", "path ~ /tmp/.*", "limit ≤ 10", joined. */
    String summary(String argument) {
        List<String> parts = new ArrayList<>();
        if (!valueList().isEmpty()) parts.add(argument + " ∈ {" + String.join(", ", valueList()) + "}");
        if (!pattern.isBlank()) parts.add(argument + " ~ " + pattern);
        if (!max.isBlank()) parts.add(argument + " ≤ " + max.strip());
        return String.join(", ", parts);
    }
}
