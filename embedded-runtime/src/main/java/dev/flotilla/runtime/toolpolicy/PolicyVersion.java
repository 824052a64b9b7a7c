package dev.flotilla.runtime.toolpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.runtime.json.Json;
import java.time.Instant;
import java.util.Objects;

/**
 * One published version of the fleet's tool policy: its number (0 is the built-in defaults, in
 * force until the first publish), the policy, the publisher's comment, when and by whom (a key's
 * name), and the version it rolled back to, if it was a rollback.
 */
public record PolicyVersion(long number, ToolPolicy policy, String comment, Instant publishedAt, String publishedBy,
                            Long rollbackOf) {

    public PolicyVersion {
        Objects.requireNonNull(policy, "policy is null");
        if (number < 0) throw new IllegalArgumentException("version < 0: " + number);
    }

    /** Version 0: the defaults, before anything was published. */
    public static PolicyVersion defaults() {
        return new PolicyVersion(0, ToolPolicy.defaults(), "built-in defaults", null, null, null);
    }

    /** The stored form (the number is the hash field it is stored under). */
    String record() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.set("policy", policy.toJson());
        n.put("comment", comment);
        if (publishedAt != null) n.put("published_at", publishedAt.toString());
        if (publishedBy != null) n.put("published_by", publishedBy);
        if (rollbackOf != null) n.put("rollback_of", rollbackOf);
        return Json.write(n);
    }

    static PolicyVersion fromRecord(long number, String record) {
        try {
            JsonNode n = Json.MAPPER.readTree(record);
            return new PolicyVersion(number, ToolPolicy.parse(n.get("policy")), n.path("comment").asText(""),
                    n.hasNonNull("published_at") ? Instant.parse(n.get("published_at").asText()) : null,
                    n.hasNonNull("published_by") ? n.get("published_by").asText() : null,
                    n.hasNonNull("rollback_of") ? n.get("rollback_of").asLong() : null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("tool policy version " + number + " is stored damaged: " + e.getOriginalMessage());
        }
    }

    /** The API's view; {@code withPolicy} false for lists of versions. */
    public ObjectNode toJson(boolean withPolicy) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("version", number);
        n.put("comment", comment);
        n.put("published_at", publishedAt == null ? null : publishedAt.toString());
        n.put("published_by", publishedBy);
        if (rollbackOf != null) n.put("rollback_of", rollbackOf);
        if (withPolicy) n.set("policy", policy.toJson());
        return n;
    }
}
