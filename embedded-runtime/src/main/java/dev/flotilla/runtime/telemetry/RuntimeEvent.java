package dev.flotilla.runtime.telemetry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** Everything that happens in a fleet, as typed records; the wire form is JSON with a {@code type}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface RuntimeEvent {

    String type();

    Instant time();

    String node();

    /** A run changed state. {@code type} is {@code run.<status>}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunEvent(String type, Instant time, String node,
                    @JsonProperty("run_id") String runId, String agent, String status,
                    @JsonProperty("duration_ms") Long durationMs,
                    @JsonProperty("total_tokens") Integer totalTokens,
                    Integer attempts,
                    @JsonProperty("error_code") String errorCode) implements RuntimeEvent {}

    record PoolScaled(String type, Instant time, String node, String agent, int size) implements RuntimeEvent {
        public PoolScaled(Instant time, String node, String agent, int size) {
            this("pool.scaled", time, node, agent, size);
        }
    }

    record DemoChanged(String type, Instant time, String node, boolean enabled) implements RuntimeEvent {
        public DemoChanged(Instant time, String node, boolean enabled) {
            this("demo.changed", time, node, enabled);
        }
    }
}
