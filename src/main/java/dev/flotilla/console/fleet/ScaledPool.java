package dev.flotilla.console.fleet;

import java.util.Objects;

/**
 * The answer to {@code POST /v1/pools/{agent}/scale}: the pool as the node that took the request
 * left it, and that node's id. Behind a load balancer it may not be the node the last fleet poll
 * came from, so the console reports the node named here.
 */
public record ScaledPool(String servedBy, FleetInfo.Pool pool) {

    public ScaledPool {
        Objects.requireNonNull(pool, "pool");
    }
}
