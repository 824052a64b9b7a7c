package dev.flotilla.runtime.fleet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.flotilla.runtime.agent.AgentPool;
import java.util.List;

/**
 * A pool as the fleet view shows it (in each node's {@code pools}, and as a scale request's answer);
 * {@code held}: a manual size outside the autoscaling bounds, kept for one cool-down.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PoolView(String agent, int size, int busy, int idle, int min, int max, boolean autoscale, boolean held, List<Agent> agents) {

    /** One agent of the pool; {@code current_run} is written as null while it is idle. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Agent(String id, String state, String currentRun, long runsDone) {}

    public static PoolView of(AgentPool.Snapshot p) {
        List<Agent> agents = p.agents().stream()
                .map(a -> new Agent(a.id(), a.state().name().toLowerCase(), a.currentRun(), a.runsDone())).toList();
        return new PoolView(p.agent(), p.size(), p.busy(), p.idle(), p.min(), p.max(), p.autoscale(), p.held(), agents);
    }
}
