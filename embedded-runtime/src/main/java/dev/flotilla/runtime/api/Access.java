package dev.flotilla.runtime.api;

import dev.flotilla.runtime.kernel.OperatorRole;
import io.javalin.security.RouteRole;

/**
 * The operator role a route needs, as Javalin carries it with the route; {@link AccessControl}
 * checks it before the route runs. Routes without one are open (probes, metrics).
 */
public enum Access implements RouteRole {
    VIEWER(OperatorRole.VIEWER), OPERATOR(OperatorRole.OPERATOR), ADMIN(OperatorRole.ADMIN);

    private final OperatorRole role;

    Access(OperatorRole role) {
        this.role = role;
    }

    public OperatorRole role() {
        return role;
    }
}
