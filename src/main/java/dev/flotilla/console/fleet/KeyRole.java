package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** The key the console presents to a fleet, as its node resolved it ({@code /v1/whoami}): its name and operator role. */
public record KeyRole(@JsonProperty("key_id") String keyId, @JsonProperty("key_name") String keyName, String role,
                      @JsonProperty("tool_role") String toolRole, @JsonProperty("tool_roles") List<String> toolRoles,
                      @JsonProperty("expires_at") Instant expiresAt, boolean managed) {
    public KeyRole {
        toolRoles = toolRoles == null ? List.of() : List.copyOf(toolRoles);
    }

    /** True when this key may do what {@code needed} (viewer, operator, admin) may. */
    public boolean allows(String needed) {
        return rank(role) >= rank(needed);
    }

    private static int rank(String role) {
        return switch (role == null ? "" : role) {
            case "viewer" -> 1;
            case "operator" -> 2;
            case "admin" -> 3;
            default -> 0;
        };
    }
}
