package dev.flotilla.console;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.model.SimulatedModelConfig;
import java.time.Duration;

/** Real nodes for tests: throwaway embedded Redis, a fast simulated model that never fails. */
public final class TestNodes {

    public static final String KEY = "test-admin-key-0123456789";

    private TestNodes() {}

    public static FleetRuntime.Builder fast(String nodeId, String key) {
        return FleetRuntime.builder()
                .adminKey(key)
                .nodeId(nodeId)
                .drainTimeout(Duration.ofSeconds(2))
                .simulatedModel(SimulatedModelConfig.defaults().withMedianLatency(Duration.ofMillis(50)).withErrorRate(0));
    }

    public static FleetRuntime start(String nodeId) {
        return fast(nodeId, KEY).build().start();
    }
}
