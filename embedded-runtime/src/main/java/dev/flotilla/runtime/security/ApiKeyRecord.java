package dev.flotilla.runtime.security;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.kernel.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A managed API key as the fleet stores it: never the secret, only its SHA-256 ({@code secretHash}).
 * {@code toolRoles} are the tool roles its runs may act for ({@code toolRole}, the default, among
 * them); {@code ratePerMinute} its own request rate, null for the node's default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApiKeyRecord(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("role") OperatorRole role,
        @JsonProperty("tool_role") String toolRole,
        @JsonProperty("tool_roles") List<String> toolRoles,
        @JsonProperty("secret_sha256") String secretHash,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("expires_at") Instant expiresAt,
        @JsonProperty("rate_per_minute") Integer ratePerMinute,
        @JsonProperty("rotated_at") Instant rotatedAt,
        @JsonProperty("revoked_at") Instant revokedAt) {

    public ApiKeyRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role of key " + id);
        Objects.requireNonNull(toolRole, "tool_role of key " + id);
        toolRoles = toolRoles == null ? List.of(toolRole) : List.copyOf(toolRoles);
        Objects.requireNonNull(secretHash, "secret_sha256 of key " + id);
    }

    public Principal principal() {
        return new Principal(id, name, role, toolRole);
    }

    /** Why this key may not be used at {@code now} ("revoked", "expired"), or null when it may. */
    public String refusal(Instant now) {
        if (revokedAt != null) return "revoked";
        if (expiresAt != null && !now.isBefore(expiresAt)) return "expired";
        return null;
    }

    public boolean mayActFor(String tool) {
        return toolRoles.contains(tool) || toolRoles.contains("*");
    }

    ApiKeyRecord rotated(String newHash, Instant at) {
        return new ApiKeyRecord(id, name, role, toolRole, toolRoles, newHash, createdAt, createdBy, expiresAt, ratePerMinute, at, revokedAt);
    }

    ApiKeyRecord revoked(Instant at) {
        return new ApiKeyRecord(id, name, role, toolRole, toolRoles, secretHash, createdAt, createdBy, expiresAt, ratePerMinute, rotatedAt, at);
    }
}
