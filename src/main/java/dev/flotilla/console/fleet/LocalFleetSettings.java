package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the operator changed on the local fleet, kept across restarts and applied when the console
 * starts it: demo traffic (null: on, as on a first launch) and each pool's size and autoscaling
 * bounds as the node last reported them ({@code min == max}: autoscaling off).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocalFleetSettings(@JsonProperty("demo_traffic") Boolean demoTraffic, Map<String, Pool> pools) {

    public static final LocalFleetSettings NONE = new LocalFleetSettings(null, Map.of());

    public LocalFleetSettings {
        pools = pools == null ? Map.of() : Map.copyOf(pools);
    }

    /** One pool: its size, and its bounds when the node reports them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pool(int size, Integer min, Integer max) {}

    public LocalFleetSettings withDemoTraffic(boolean on) {
        return new LocalFleetSettings(on, pools);
    }

    public LocalFleetSettings withPool(String agent, Pool pool) {
        Map<String, Pool> next = new LinkedHashMap<>(pools);
        next.put(agent, pool);
        return new LocalFleetSettings(demoTraffic, next);
    }
}
