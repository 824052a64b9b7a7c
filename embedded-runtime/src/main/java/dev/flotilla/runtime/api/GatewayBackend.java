package dev.flotilla.runtime.api;

import dev.flotilla.runtime.agent.AgentPool;
import dev.flotilla.runtime.api.dto.FleetView;
import dev.flotilla.runtime.queue.DeadLetter;
import dev.flotilla.runtime.kernel.Admitted;
import dev.flotilla.runtime.kernel.RunRefusedException;
import dev.flotilla.runtime.run.Run;
import dev.flotilla.runtime.run.RunList;
import dev.flotilla.runtime.run.RunRequest;
import dev.flotilla.runtime.run.RunStatus;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** What the gateway needs from its node; the runtime implements it, the gateway only translates HTTP. */
public interface GatewayBackend {

    /** The id of the node this gateway belongs to. */
    String nodeId();

    Set<String> agents();

    boolean draining();

    /**
     * Accepts a client's run: through the kernel's admission interceptors (rate limits, …), then
     * stored and queued. Throws the store's exception when Redis is unreachable.
     *
     * @throws RunRefusedException when an admission interceptor refused it (nothing was stored)
     */
    Admitted submit(RunRequest request) throws RunRefusedException;

    /**
     * As {@link #submit(RunRequest)}, with the request's headers (lower-case names, credentials left
     * out) for the admission interceptors to read, e.g. a caller's {@code traceparent}.
     */
    default Admitted submit(RunRequest request, Map<String, String> headers) throws RunRefusedException {
        return submit(request);
    }

    /** Publishes an event the gateway raised, to this node's metrics and the fleet's event stream. */
    void publish(RuntimeEvent event);

    /** The node's clock, for the times of events the gateway raises. */
    Clock clock();

    Optional<Run> run(String id);

    /** The run the request's idempotency key already created, if any; {@code IdempotencyKeyReusedException} for another request. */
    Optional<Run> existingRun(RunRequest request);

    /** Newest first, with previews of long texts, within a byte budget. */
    RunList runs(RunStatus status, int limit);

    /** Cancels a queued or running run; empty when unknown; the run unchanged when it had ended. */
    Optional<Run> cancel(String id);

    /** The fleet's agents, queue depth and nodes, as {@code GET /v1/fleet} serves them. */
    FleetView fleet();

    AgentPool.Snapshot scale(String agent, int size);

    boolean setDemoTraffic(boolean enabled);

    /** Every node the fleet knows, live or lost, as in {@code GET /v1/fleet}. */
    List<com.fasterxml.jackson.databind.JsonNode> nodes();

    /**
     * Asks a live node to pause, drain or resume ({@code action}); the node this gateway belongs to
     * acts at once, another within a heartbeat. False when no live node has that id.
     */
    boolean commandNode(String node, String action);

    /** What a scale request found: the command went out, or no such live node, or no such agent on it. */
    enum ScaleResult { SENT, NO_NODE, NO_AGENT }

    /** Sets a live node's pool size and/or autoscaling bounds. */
    ScaleResult scaleNode(String node, String agent, RunRequestParser.PoolChange change);

    List<DeadLetter> deadLetters(int limit);

    Optional<DeadLetter> deadLetter(String runId);

    DeadLetter.Replay replayDeadLetter(String runId);

    boolean discardDeadLetter(String runId);

    /** The fleet's recent resilience events, newest first, as their JSON. */
    List<String> recentResilienceEvents();

    /** Dependency name to "healthy", "degraded" or "unhealthy". */
    Map<String, String> readiness();

    String metricsText();

    String metricsContentType();

    void onFleetEvent(Consumer<String> listener);

    void removeFleetEventListener(Consumer<String> listener);

    /** Where routes record what operators did (the fleet's audit log); drops entries when the node keeps none. */
    default dev.flotilla.runtime.kernel.AuditTrail audit() {
        return dev.flotilla.runtime.kernel.AuditTrail.NONE;
    }
}
