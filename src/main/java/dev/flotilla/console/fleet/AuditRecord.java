package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One entry of the fleet's audit log ({@code /v1/audit}): who, from where, did what to what, and its place in the chain. */
public record AuditRecord(long seq, Instant time, Actor actor, String action, String target, String outcome, JsonNode details,
                          String hash, String prev) {

    public record Actor(@JsonProperty("key_id") String keyId, @JsonProperty("key_name") String keyName, String role,
                        String client) {}
}
