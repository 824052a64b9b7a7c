package dev.flotilla.runtime.node;

import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.kernel.AdmissionChain;
import dev.flotilla.runtime.kernel.Admitted;
import dev.flotilla.runtime.kernel.RunFields;
import dev.flotilla.runtime.kernel.RunRefusedException;
import dev.flotilla.runtime.kernel.Submission;
import dev.flotilla.runtime.run.RunRequest;
import dev.flotilla.runtime.store.RunRecords;
import dev.flotilla.runtime.telemetry.EventBus;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Clock;
import java.util.Map;

/**
 * Stores new runs in line for their agent and says so (the gateway's runs and demo traffic alike). The gateway's go through the kernel's
 * admission chain first. Refuses with {@code IdempotencyKeyReusedException} and {@code QueueFullException} (see {@link RunRecords#create}).
 */
final class RunSubmitter {

    private final String nodeId;
    private final Map<String, AgentDefinition> agents;
    private final RunRecords runs;
    private final EventBus events;
    private final AdmissionChain admission;
    private final Clock clock;

    RunSubmitter(String nodeId, Map<String, AgentDefinition> agents, RunRecords runs, EventBus events, AdmissionChain admission,
                 Clock clock) {
        this.nodeId = nodeId;
        this.agents = agents;
        this.runs = runs;
        this.events = events;
        this.admission = admission;
        this.clock = clock;
    }

    /** A client's run: through every admission interceptor (rate limits, …), then stored. */
    Admitted admit(RunRequest request) throws RunRefusedException {
        return admit(request, Map.of());
    }

    /** {@code headers}: the request's, for the interceptors; the fields they put are stored with the run. */
    Admitted admit(RunRequest request, Map<String, String> headers) throws RunRefusedException {
        Submission submission = new Submission(request.principal(), request.agent(), request.input(), request.sessionId(),
                request.metadata(), headers, RunFields.empty());
        return admission.proceed(submission, chain -> {
            RunRecords.Created created = submit(request, submission.fields().written(), submission.annotations().asMap());
            return Admitted.of(created.run().id(), created.run().status().wire(), created.created());
        });
    }

    RunRecords.Created submit(RunRequest request) {
        return submit(request, Map.of(), Map.of());
    }

    private RunRecords.Created submit(RunRequest request, Map<String, String> extensions, Map<String, String> annotations) {
        // the model the run will ask first; the run records the one that answered when it ends
        String primary = agents.get(request.agent()).models().getFirst().toString();
        RunRecords.Created created = runs.create(request, primary, id -> EventBus.toJson(queued(id, request.agent())), extensions, annotations);
        if (created.created()) events.publishLocal(queued(created.run().id(), request.agent()));
        return created;
    }

    RuntimeEvent.RunEvent queued(String runId, String agent) {
        return new RuntimeEvent.RunEvent("run.queued", clock.instant(), nodeId, runId, agent, "queued", null, null, null, null);
    }
}
