package dev.flotilla.runtime.fleet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.runtime.agent.AgentPool;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.resilience.ResilienceSnapshot;
import dev.flotilla.runtime.telemetry.EventBus;
import dev.flotilla.runtime.telemetry.ResilienceCounters;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * This node as its heartbeat describes it to the fleet (and {@code GET /v1/fleet} serves it):
 * identity, state, pools, and its resilience figures.
 */
public final class NodeDescription implements Supplier<ObjectNode> {

    /** The runtime's version, from the jar's manifest. */
    public static final String VERSION = Objects.requireNonNullElse(NodeDescription.class.getPackage().getImplementationVersion(), "0.1.0");
    /** This machine's name, as shown beside the node in the console. */
    private static final String HOST = hostName();

    private final String nodeId;
    private final Instant startedAt;
    private final ChatModel model;
    private final NodeState state;
    private final Collection<AgentPool> pools;
    private final ResilienceCounters counters;
    private final BooleanSupplier demoTraffic;
    private final IntSupplier inFlight;
    private final Supplier<ResilienceSnapshot> resilience;

    /** {@code resilience}: the breakers of the node's resilience module; may give null (before it registered). */
    public NodeDescription(String nodeId, Instant startedAt, ChatModel model, NodeState state, Collection<AgentPool> pools,
                           ResilienceCounters counters, BooleanSupplier demoTraffic, IntSupplier inFlight,
                           Supplier<ResilienceSnapshot> resilience) {
        this.nodeId = nodeId;
        this.startedAt = startedAt;
        this.model = model;
        this.state = state;
        this.pools = pools;
        this.counters = counters;
        this.demoTraffic = demoTraffic;
        this.inFlight = inFlight;
        this.resilience = resilience;
    }

    @Override
    public ObjectNode get() {
        return EventBus.JSON.valueToTree(view());
    }

    /** This node now. */
    public NodeView view() {
        ResilienceSnapshot s = this.resilience.get();
        var resilience = new NodeView.Resilience(s != null ? s.breakers() : List.of(), counters.retries(),
                counters.fallbacks(), counters.throttled(), counters.rateLimited());
        return new NodeView(nodeId, HOST, VERSION, state.name(), startedAt, state.draining(), model.name(), model.simulated(),
                demoTraffic.getAsBoolean(), pools.stream().mapToInt(AgentPool::size).sum(),
                pools.stream().mapToInt(AgentPool::busy).sum(), inFlight.getAsInt(), resilience,
                pools.stream().map(p -> PoolView.of(p.snapshot())).toList());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
