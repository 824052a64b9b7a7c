package dev.flotilla.runtime.api;

import io.javalin.config.RoutesConfig;

/**
 * The routes of one concern (runs, fleet, nodes, ...). Each route names the operator role it needs
 * ({@link Access}) as its route role; {@link AccessControl} checks it, so a route's handler only
 * translates HTTP to the node and back.
 */
public interface Routes {

    void register(RoutesConfig routes);
}
