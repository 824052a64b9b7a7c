package dev.flotilla.runtime.kernel;

import java.util.Objects;

/**
 * Who asked: the API key (its id, never the key itself, and its name), what that key may do with
 * the fleet ({@link OperatorRole}), and the tool role a run it submits acts for. Every call of the
 * kernel carries one, from the gateway down to the tool, and a run stores the one that submitted it.
 */
public record Principal(String keyId, String keyName, OperatorRole role, String toolRole) {

    public Principal {
        Objects.requireNonNull(keyId, "keyId is null");
        Objects.requireNonNull(keyName, "keyName is null");
        Objects.requireNonNull(role, "role is null");
        Objects.requireNonNull(toolRole, "toolRole is null");
        if (keyId.isBlank()) throw new IllegalArgumentException("keyId is blank: '" + keyId + "'");
        if (keyName.isBlank()) throw new IllegalArgumentException("keyName is blank: '" + keyName + "'");
        if (toolRole.isBlank()) throw new IllegalArgumentException("toolRole is blank: '" + toolRole + "'");
    }

    /** The node's admin key: every operator right, and the highest tool role. */
    public static Principal admin(String keyId) {
        return new Principal(keyId, "admin", OperatorRole.ADMIN, "superadmin");
    }

    /** The runtime acting on its own ({@code who}: e.g. demo traffic): an operator with the plain user tool role. */
    public static Principal system(String who) {
        return new Principal("system", who, OperatorRole.OPERATOR, "user");
    }
}
