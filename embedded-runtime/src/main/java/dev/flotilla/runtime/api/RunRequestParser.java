package dev.flotilla.runtime.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.run.RunRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns request bodies into validated requests. Every way a body can be wrong ends in an
 * {@link ApiException} with a 4xx status: malformed or non-UTF-8 JSON, deep nesting, huge strings,
 * wrong types, unknown fields, blank or over-long input.
 */
public final class RunRequestParser {

    private static final Pattern AGENT = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> FIELDS = Set.of("agent", "input", "session_id", "idempotency_key", "metadata", "tool_role");
    private static final int MAX_METADATA = 16;

    private final ObjectMapper json;
    private final int maxInputChars;

    public RunRequestParser(int maxInputChars) {
        if (maxInputChars < 1) throw new IllegalArgumentException("maxInputChars < 1: " + maxInputChars);
        this.maxInputChars = maxInputChars;
        JsonFactory factory = dev.flotilla.runtime.json.Json.factory()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(16)
                        .maxStringLength(maxInputChars * 2 + 16) // every character may take two UTF-16 units
                        .maxNumberLength(32)
                        .build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.json = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        json.getFactory().disable(JsonParser.Feature.ALLOW_COMMENTS);
    }

    public int maxInputChars() { return maxInputChars; }

    /** Parses any JSON body into a tree; bad JSON (or bad UTF-8) is a 400. */
    public JsonNode tree(byte[] body) {
        if (body == null || body.length == 0) throw new ApiException(400, "invalid_json", "the request body is empty; send a JSON object");
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) throw new ApiException(400, "invalid_json", "the request body must be a JSON object");
            return node;
        } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
            throw new ApiException(400, "limit_exceeded", "the body is too deep or holds a value too long: " + firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new ApiException(400, "invalid_json", "the request body is not valid UTF-8 JSON: " + firstLine(e.getMessage()));
        }
    }

    /** A run's request and the tool role it asks to act for ({@code "tool_role"}; null: the key's default). */
    public record ParsedRun(RunRequest request, String toolRole) {}

    public RunRequest parseRun(byte[] body) {
        return parseRunAndToolRole(body).request();
    }

    public ParsedRun parseRunAndToolRole(byte[] body) {
        JsonNode node = tree(body);
        String toolRole = optionalString(node, "tool_role", 32);
        if (toolRole != null && !dev.flotilla.runtime.security.KeyRing.TOOL_ROLE.matcher(toolRole).matches() || "*".equals(toolRole)) {
            throw ApiException.badField("tool_role", "must match [a-z][a-z0-9_-]{0,31}");
        }
        return new ParsedRun(parseRun(node), toolRole);
    }

    private RunRequest parseRun(JsonNode node) {
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw ApiException.badField(f, "is not a known field; use " + FIELDS);
        }
        String agent = requiredString(node, "agent", 64);
        if (!AGENT.matcher(agent).matches()) throw ApiException.badField("agent", "must match " + AGENT.pattern());
        String input = requiredString(node, "input", Integer.MAX_VALUE);
        if (input.isBlank()) throw ApiException.badField("input", "must not be blank");
        int chars = input.codePointCount(0, input.length()); // characters as people count them, not UTF-16 units
        if (chars > maxInputChars) {
            throw new ApiException(400, "input_too_long",
                    "'input' has " + chars + " characters; the limit is " + maxInputChars);
        }
        String session = optionalString(node, "session_id", 128);
        if (session != null && !SESSION.matcher(session).matches()) throw ApiException.badField("session_id", "must match " + SESSION.pattern());
        String idem = optionalString(node, "idempotency_key", 200);
        if (idem != null && idem.isBlank()) throw ApiException.badField("idempotency_key", "must not be blank");
        return new RunRequest(agent, input, session, idem, metadata(node.get("metadata")));
    }

    /** {@code {"size": n}} for scaling. */
    public int parseSize(byte[] body) {
        JsonNode node = tree(body);
        JsonNode size = node.get("size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToInt()) throw ApiException.badField("size", "must be an integer");
        return size.intValue();
    }

    /** A node's pool change: {@code {"size": n}} and/or {@code {"min": a, "max": b}}; values unchecked beyond being integers. */
    public record PoolChange(Integer size, Integer min, Integer max) {}

    public PoolChange parsePoolChange(byte[] body) {
        JsonNode node = tree(body);
        Integer size = optionalInt(node, "size");
        Integer min = optionalInt(node, "min");
        Integer max = optionalInt(node, "max");
        if (size == null && min == null && max == null) throw ApiException.badField("size", "give size, or min and max");
        if ((min == null) != (max == null)) throw ApiException.badField(min == null ? "min" : "max", "min and max go together");
        return new PoolChange(size, min, max);
    }

    private static Integer optionalInt(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw ApiException.badField(field, "must be an integer");
        return v.intValue();
    }

    /** {@code {"enabled": true|false}}. */
    public boolean parseEnabled(byte[] body) {
        JsonNode node = tree(body);
        JsonNode v = node.get("enabled");
        if (v == null || !v.isBoolean()) throw ApiException.badField("enabled", "must be true or false");
        return v.booleanValue();
    }

    private static String requiredString(JsonNode node, String field, int max) {
        String s = optionalString(node, field, max);
        if (s == null) throw ApiException.badField(field, "is required");
        return s;
    }

    private static String optionalString(JsonNode node, String field, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw ApiException.badField(field, "must be a string, not " + v.getNodeType().name().toLowerCase());
        String s = v.textValue();
        if (s.length() > max) throw ApiException.badField(field, "is longer than " + max + " characters");
        checkText(field, s);
        return s;
    }

    private static Map<String, String> metadata(JsonNode v) {
        if (v == null || v.isNull()) return Map.of();
        if (!v.isObject()) throw ApiException.badField("metadata", "must be an object of strings");
        if (v.size() > MAX_METADATA) throw ApiException.badField("metadata", "has more than " + MAX_METADATA + " entries");
        Map<String, String> out = new LinkedHashMap<>();
        for (var it = v.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!META_KEY.matcher(e.getKey()).matches()) throw ApiException.badField("metadata", "key must match " + META_KEY.pattern());
            if (!e.getValue().isTextual()) throw ApiException.badField("metadata." + e.getKey(), "must be a string");
            String s = e.getValue().textValue();
            if (s.length() > 256) throw ApiException.badField("metadata." + e.getKey(), "is longer than 256 characters");
            checkText("metadata." + e.getKey(), s);
            out.put(e.getKey(), s);
        }
        return out;
    }

    /** Refuses text that cannot be stored faithfully: lone surrogates and control characters. */
    private static void checkText(String field, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) { i++; continue; }
                throw ApiException.badField(field, "contains an unpaired surrogate (invalid Unicode)");
            }
            if (Character.isLowSurrogate(c)) throw ApiException.badField(field, "contains an unpaired surrogate (invalid Unicode)");
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                throw ApiException.badField(field, "contains a control character (U+" + String.format("%04X", (int) c) + ")");
            }
        }
    }

    private static String firstLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        String line = nl >= 0 ? s.substring(0, nl) : s;
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
