package dev.flotilla.runtime.support;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.model.SimulatedModelConfig;
import java.time.Duration;

/** Nodes for tests: throwaway embedded Redis, a known key, a fast and reliable simulated model. */
public final class TestNodes {
    public static final String KEY = "test-admin-key-0123456789";

    private TestNodes() {}

    public static SimulatedModelConfig fastModel() {
        return SimulatedModelConfig.defaults().withMedianLatency(Duration.ofMillis(20)).withLatencySpread(0.2)
                .withErrorRate(0).withToolCallRate(0);
    }

    public static FleetRuntime.Builder node() {
        return FleetRuntime.builder().adminKey(KEY).simulatedModel(fastModel());
    }

    public static Http http(FleetRuntime runtime) {
        return new Http(runtime.baseUrl(), KEY);
    }
}
