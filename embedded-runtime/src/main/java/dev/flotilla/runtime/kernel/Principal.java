package dev.flotilla.runtime.kernel;

import java.util.Objects;

/**
 * Who asked: the API key (its id, never the key itself, and its name), what that key may do with
 * the fleet ({@code role}), and the tool role its runs act for ({@code toolRole}).
 */
public record Principal(String keyId, String keyName, OperatorRole role, String toolRole) {

    public Principal {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(keyName, "keyName");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(toolRole, "toolRole");
    }

    /** The node's bootstrap admin key. */
    public static Principal admin(String keyId) {
        return new Principal(keyId, "admin", OperatorRole.ADMIN, "superadmin");
    }

    /** The node itself, submitting on its own account ({@code who}: e.g. "demo traffic"). */
    public static Principal system(String who) {
        return new Principal("system", who, OperatorRole.OPERATOR, "user");
    }
}
