package dev.flotilla.runtime.fleet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** Whether this node can serve, per dependency, as {@code GET /ready} reports it. */
public final class Readiness {

    /** More runs waiting per agent than this makes the queue {@code degraded}. */
    private static final long WAITING_PER_AGENT = 50;

    private final Runnable pingStore;
    private final NodeState state;
    private final LongSupplier queueDepth;
    private final IntSupplier poolSize;

    /** {@code pingStore} throws when the store is unreachable. */
    public Readiness(Runnable pingStore, NodeState state, LongSupplier queueDepth, IntSupplier poolSize) {
        this.pingStore = pingStore;
        this.state = state;
        this.queueDepth = queueDepth;
        this.poolSize = poolSize;
    }

    /** Dependency name to "healthy", "degraded" or "unhealthy". */
    public Map<String, String> checks() {
        Map<String, String> checks = new LinkedHashMap<>();
        boolean redisUp;
        try {
            pingStore.run();
            checks.put("redis", "healthy");
            redisUp = true;
        } catch (RuntimeException e) {
            checks.put("redis", "unhealthy");
            redisUp = false;
        }
        checks.put("node", state.draining() ? "unhealthy" : state.paused() ? "degraded" : "healthy");
        if (redisUp) { // unreachable Redis: answer now rather than wait on the queue as well
            long depth = queueDepth.getAsLong();
            checks.put("queue", depth > WAITING_PER_AGENT * Math.max(1, poolSize.getAsInt()) ? "degraded" : "healthy");
        }
        return checks;
    }
}
