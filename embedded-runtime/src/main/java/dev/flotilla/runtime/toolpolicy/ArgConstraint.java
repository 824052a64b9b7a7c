package dev.flotilla.runtime.toolpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What one argument of a tool call may be: one of {@code values}, a string matching
 * {@code pattern} (the whole of it), a number at most {@code max}. Each part is optional; a call
 * that leaves the argument out passes (the tool's default applies), one that gives it must satisfy
 * every part given. Immutable.
 */
public record ArgConstraint(List<String> values, Pattern pattern, Double max) {

    public ArgConstraint {
        values = values == null ? null : List.copyOf(values);
        if (values == null && pattern == null && max == null) throw new IllegalArgumentException("a constraint needs values, pattern or max");
    }

    /** Parses {@code {"values": [...], "pattern": "...", "max": 10}}; names {@code where} in its errors. */
    static ArgConstraint parse(String where, JsonNode n) {
        if (n == null || !n.isObject()) throw new IllegalArgumentException(where + " must be an object with values, pattern or max");
        n.fieldNames().forEachRemaining(f -> {
            if (!List.of("values", "pattern", "max").contains(f)) {
                throw new IllegalArgumentException(where + " has an unknown field '" + f + "' (known: values, pattern, max)");
            }
        });
        List<String> values = null;
        if (n.has("values")) {
            JsonNode v = n.get("values");
            if (!v.isArray() || v.isEmpty()) throw new IllegalArgumentException(where + ".values must be a non-empty array");
            values = new java.util.ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isValueNode() || e.isNull()) throw new IllegalArgumentException(where + ".values holds a non-scalar: " + e);
                values.add(e.asText());
            }
        }
        Pattern pattern = null;
        if (n.has("pattern")) {
            JsonNode p = n.get("pattern");
            if (!p.isTextual()) throw new IllegalArgumentException(where + ".pattern must be a string");
            try {
                pattern = Pattern.compile(p.asText());
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(where + ".pattern is not a valid regular expression: " + e.getDescription()
                        + " near index " + e.getIndex() + " of '" + p.asText() + "'");
            }
        }
        Double max = null;
        if (n.has("max")) {
            JsonNode m = n.get("max");
            if (!m.isNumber()) throw new IllegalArgumentException(where + ".max must be a number, not " + m);
            max = m.asDouble();
        }
        if (values == null && pattern == null && max == null) throw new IllegalArgumentException(where + " needs values, pattern or max");
        return new ArgConstraint(values, pattern, max);
    }

    /** Why {@code value} of argument {@code name} breaks this constraint, or null when it keeps it. */
    String check(String name, JsonNode value) {
        if (values != null && !(value.isValueNode() && values.contains(value.asText()))) {
            return "argument '" + name + "' = " + shown(value) + " is not one of " + values;
        }
        if (pattern != null && !(value.isTextual() && pattern.matcher(value.asText()).matches())) {
            return "argument '" + name + "' = " + shown(value) + " does not match /" + pattern.pattern() + "/";
        }
        if (max != null && !(value.isNumber() && value.asDouble() <= max)) {
            return "argument '" + name + "' = " + shown(value) + " is above the maximum " + plain(max);
        }
        return null;
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (values != null) values.forEach(n.putArray("values")::add);
        if (pattern != null) n.put("pattern", pattern.pattern());
        if (max != null) {
            if (max == Math.rint(max) && Math.abs(max) < 1e15) n.put("max", max.longValue());
            else n.put("max", max);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArgConstraint c && Objects.equals(values, c.values) && Objects.equals(max, c.max)
                && Objects.equals(pattern == null ? null : pattern.pattern(), c.pattern == null ? null : c.pattern.pattern());
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, max, pattern == null ? null : pattern.pattern());
    }

    private static String plain(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String shown(JsonNode v) {
        String s = v.toString();
        return s.length() <= 60 ? s : s.substring(0, 59) + "…";
    }
}
