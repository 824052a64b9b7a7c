package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A managed API key as the fleet shows it ({@code /v1/keys}); {@code key}, the secret, only in the
 * answer to create and rotate. {@code state}: active, expired or revoked.
 */
public record KeyInfo(String id, String key, String name, String role, @JsonProperty("tool_role") String toolRole,
                      @JsonProperty("tool_roles") List<String> toolRoles, String state,
                      @JsonProperty("created_at") Instant createdAt, @JsonProperty("created_by") String createdBy,
                      @JsonProperty("expires_at") Instant expiresAt, @JsonProperty("rate_per_minute") Integer ratePerMinute,
                      @JsonProperty("rotated_at") Instant rotatedAt, @JsonProperty("revoked_at") Instant revokedAt) {
    public KeyInfo {
        toolRoles = toolRoles == null ? List.of() : List.copyOf(toolRoles);
    }

    public boolean active() {
        return "active".equals(state);
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "KeyInfo[" + id + ", " + name + ", " + role + ", " + state + "]";
    }
}
