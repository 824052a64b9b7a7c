package dev.flotilla.runtime.node;

import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.run.RunRequest;
import dev.flotilla.runtime.run.RunStore;
import dev.flotilla.runtime.telemetry.EventBus;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Clock;
import java.util.Map;

/** Stores new runs in line for their agent and says so (the gateway's runs and demo traffic alike). */
final class RunSubmitter {

    private final String nodeId;
    private final Map<String, AgentDefinition> agents;
    private final RunStore runs;
    private final EventBus events;
    private final Clock clock;

    RunSubmitter(String nodeId, Map<String, AgentDefinition> agents, RunStore runs, EventBus events, Clock clock) {
        this.nodeId = nodeId;
        this.agents = agents;
        this.runs = runs;
        this.events = events;
        this.clock = clock;
    }

    RunStore.Created submit(RunRequest request) {
        // the model the run will ask first; the run records the one that answered when it ends
        String primary = agents.get(request.agent()).models().getFirst().toString();
        RunStore.Created created = runs.create(request, primary, id -> EventBus.toJson(queued(id, request.agent())));
        if (created.created()) events.publishLocal(queued(created.run().id(), request.agent()));
        return created;
    }

    RuntimeEvent.RunEvent queued(String runId, String agent) {
        return new RuntimeEvent.RunEvent("run.queued", clock.instant(), nodeId, runId, agent, "queued", null, null, null, null);
    }
}
