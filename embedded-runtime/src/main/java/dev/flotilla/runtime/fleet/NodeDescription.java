package dev.flotilla.runtime.fleet;

import com.fasterxml.jackson.databind.node.ArrayNode;
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

    /** {@code resilience}: the breakers and counters of the node's resilience module. */
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
        ObjectNode n = EventBus.JSON.createObjectNode();
        n.put("node_id", nodeId).put("host", HOST).put("version", VERSION).put("state", state.name())
                .put("started_at", startedAt.toString()).put("draining", state.draining())
                .put("model", model.name()).put("simulated", model.simulated())
                .put("demo_traffic", demoTraffic.getAsBoolean())
                .put("pool_size", pools.stream().mapToInt(AgentPool::size).sum())
                .put("busy", pools.stream().mapToInt(AgentPool::busy).sum())
                .put("in_flight", inFlight.getAsInt());
        // breakers from the resilience module; totals from this node's own events (the gateway's rejections included)
        ResilienceSnapshot s = resilience.get();
        ObjectNode r = s != null ? EventBus.JSON.valueToTree(s) : n.objectNode();
        if (!r.has("breakers")) r.putArray("breakers");
        r.put("retries", counters.retries()).put("fallbacks", counters.fallbacks())
                .put("throttled", counters.throttled()).put("rate_limited", counters.rateLimited());
        n.set("resilience", r);
        ArrayNode p = n.putArray("pools");
        for (AgentPool pool : pools) p.add(poolJson(pool.snapshot()));
        return n;
    }

    /** A pool as the fleet view shows it (also the answer to a scale request). */
    public static ObjectNode poolJson(AgentPool.Snapshot p) {
        ObjectNode n = EventBus.JSON.createObjectNode();
        n.put("agent", p.agent()).put("size", p.size()).put("busy", p.busy()).put("idle", p.idle())
                .put("min", p.min()).put("max", p.max()).put("autoscale", p.autoscale());
        ArrayNode agents = n.putArray("agents");
        for (var a : p.agents()) {
            ObjectNode an = agents.addObject();
            an.put("id", a.id()).put("state", a.state().name().toLowerCase());
            if (a.currentRun() != null) an.put("current_run", a.currentRun());
            else an.putNull("current_run");
            an.put("runs_done", a.runsDone());
        }
        return n;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
