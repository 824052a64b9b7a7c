package dev.flotilla.runtime.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.runtime.telemetry.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commands operators give nodes (pause, drain, resume, scale) from any gateway of the fleet:
 * this node runs its own at once; another node's wait in Redis for that node's next heartbeat
 * ({@link NodeRegistry#send}), which hands them to its {@link #run}.
 */
public final class NodeCommands {

    private static final Logger log = LoggerFactory.getLogger(NodeCommands.class);

    /** What a command found: it went out, or no such live node, or no such agent on it. */
    public enum Delivery { SENT, NO_NODE, NO_AGENT }

    /** What this node does when a command reaches it. */
    public interface Self {
        /** Moves to {@code active}, {@code paused} or {@code draining}; {@code by} says who asked. */
        void setState(String state, String by);

        /** Sets a pool's size and/or bounds (null: unchanged); throws IllegalArgumentException when refused. */
        void scale(String agent, Integer size, Integer min, Integer max);

        boolean runs(String agent);

        /** True once the node has stopped: it takes no more commands. */
        boolean closed();
    }

    private final String nodeId;
    private final NodeRegistry registry;
    private final Self self;

    public NodeCommands(String nodeId, NodeRegistry registry, Self self) {
        this.nodeId = nodeId;
        this.registry = registry;
        this.self = self;
    }

    /** Runs a command addressed to this node (see NodeRegistry#send); a bad one is logged and ignored. */
    public void run(JsonNode command) {
        String action = command.path("action").asText("");
        String by = command.path("by").asText("an operator");
        try {
            switch (action) {
                case "pause" -> self.setState("paused", "paused by " + by);
                case "drain" -> self.setState("draining", "drained by " + by);
                case "resume" -> self.setState("active", "resumed by " + by);
                case "scale" -> self.scale(command.path("agent").asText(), command.path("size").isInt() ? command.path("size").asInt() : null,
                        command.path("min").isInt() ? command.path("min").asInt() : null,
                        command.path("max").isInt() ? command.path("max").asInt() : null);
                default -> log.warn("ignored an unknown node command: {}", action);
            }
        } catch (IllegalArgumentException e) {
            log.warn("ignored node command {}: {}", action, e.getMessage());
        }
    }

    /** Asks a live node to pause, drain or resume ({@code action}); false when no live node has that id. */
    public boolean command(String node, String action) {
        return deliver(node, command(action), null) == Delivery.SENT;
    }

    /** Sets a live node's pool size and/or autoscaling bounds ({@code min} and {@code max} together, or neither). */
    public Delivery scale(String node, String agent, Integer size, Integer min, Integer max) {
        ObjectNode command = command("scale").put("agent", agent);
        if (size != null) command.put("size", size);
        if (min != null) command.put("min", min).put("max", max);
        return deliver(node, command, agent);
    }

    private ObjectNode command(String action) {
        return EventBus.JSON.createObjectNode().put("action", action).put("by", "an operator via " + nodeId);
    }

    /**
     * Runs a command here when this node is the target, else leaves it for the live target's
     * next heartbeat; {@code agent}, when given, must be one the target runs.
     */
    private Delivery deliver(String node, ObjectNode command, String agent) {
        if (node.equals(nodeId)) {
            if (self.closed()) return Delivery.NO_NODE;
            if (agent != null && !self.runs(agent)) return Delivery.NO_AGENT;
            run(command);
            return Delivery.SENT;
        }
        var target = registry.live(node);
        if (target.isEmpty()) return Delivery.NO_NODE;
        if (agent != null) {
            boolean hasAgent = false;
            for (var p : target.get().path("pools")) hasAgent |= agent.equals(p.path("agent").asText());
            if (!hasAgent) return Delivery.NO_AGENT;
        }
        registry.send(node, command);
        return Delivery.SENT;
    }
}
