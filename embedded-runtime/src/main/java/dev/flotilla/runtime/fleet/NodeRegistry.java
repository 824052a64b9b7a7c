package dev.flotilla.runtime.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.store.NodeHeartbeats;
import dev.flotilla.runtime.telemetry.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node heartbeats and node commands. Every node writes its description (pools, state, in-flight
 * runs) into the store ({@link NodeHeartbeats}) every second, and on the same beat picks up the commands (pause,
 * drain, resume, scale) any gateway of the fleet left for it, so an operator can steer any node
 * from any node. A node that stops beating is shown as lost after {@link #STALE} and forgotten
 * after {@link #FORGET}; its runs are reclaimed once their leases expire.
 */
public final class NodeRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    public static final Duration STALE = Duration.ofSeconds(10);
    private static final Duration FORGET = Duration.ofMinutes(5);
    /** Commands not picked up by then are dropped: the node is gone, and an old command would surprise on its return. */
    private static final Duration COMMAND_TTL = Duration.ofSeconds(60);

    private final NodeHeartbeats store;
    private final String nodeId;
    private final Clock clock;
    private final Supplier<ObjectNode> describe;
    private final Consumer<JsonNode> onCommand;
    private volatile boolean closed;
    private Thread beater;

    public NodeRegistry(NodeHeartbeats store, String nodeId, Clock clock, Supplier<ObjectNode> describe,
                        Consumer<JsonNode> onCommand) {
        this.store = store;
        this.nodeId = nodeId;
        this.clock = clock;
        this.describe = describe;
        this.onCommand = onCommand;
    }

    public void start() {
        // a restarted node starts active: commands left for its previous life do not apply
        store.clearCommands(nodeId);
        beat();
        beater = Thread.ofVirtual().name("heartbeat").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(1_000);
                    beat();
                    takeCommands();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("heartbeat failed: {}", e.getMessage());
                }
            }
        });
    }

    /** Writes this node's description now (also called after a pool or the state changes). */
    public void beat() {
        if (closed) return;
        ObjectNode n = describe.get();
        n.put("node_id", nodeId);
        n.put("heartbeat_at", clock.instant().toString());
        store.beat(nodeId, Json.write(n));
    }

    /** Runs the commands waiting for this node, oldest first. */
    public void takeCommands() {
        for (String c : store.takeCommands(nodeId)) {
            try {
                onCommand.accept(EventBus.JSON.readTree(c));
            } catch (Exception e) {
                log.warn("could not run node command {}: {}", c, e.getMessage());
            }
        }
    }

    /** Leaves a command for a node; it runs it within a beat. */
    public void send(String node, ObjectNode command) {
        store.send(node, Json.write(command), COMMAND_TTL);
    }

    /** The node's last description, if it beat recently. */
    public Optional<JsonNode> live(String node) {
        return nodes().stream().filter(n -> n.path("node_id").asText().equals(node) && !"lost".equals(n.path("state").asText())).findFirst();
    }

    /** The nodes that beat within {@link #FORGET}, sorted by id; those silent for {@link #STALE} have state {@code lost}. */
    public List<JsonNode> nodes() {
        Instant now = clock.instant();
        List<JsonNode> out = new ArrayList<>();
        for (Map.Entry<String, String> e : store.all().entrySet()) {
            try {
                ObjectNode n = (ObjectNode) EventBus.JSON.readTree(e.getValue());
                Instant beat = Instant.parse(n.path("heartbeat_at").asText());
                if (beat.plus(FORGET).isBefore(now)) {
                    store.forget(e.getKey());
                    continue;
                }
                n.put("heartbeat_age_ms", Math.max(0, Duration.between(beat, now).toMillis()));
                if (!beat.plus(STALE).isAfter(now)) {
                    n.put("state", "lost");
                    n.put("busy", 0);
                }
                out.add(n);
            } catch (Exception ex) {
                store.forget(e.getKey()); // unreadable entry: drop it
            }
        }
        out.sort((a, b) -> a.path("node_id").asText().compareTo(b.path("node_id").asText()));
        return out;
    }

    /** The nodes that beat within {@link #STALE}. */
    public List<JsonNode> liveNodes() {
        return nodes().stream().filter(n -> !"lost".equals(n.path("state").asText())).toList();
    }

    @Override
    public void close() {
        closed = true;
        if (beater != null) beater.interrupt();
        try {
            store.forget(nodeId);
        } catch (RuntimeException e) {
            log.debug("could not remove node {} from the fleet: {}", nodeId, e.getMessage());
        }
    }
}
