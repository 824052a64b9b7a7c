package dev.flotilla.runtime.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.runtime.redis.Keys;
import dev.flotilla.runtime.telemetry.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Node heartbeats: every node writes its description (pools, agents, draining) into one Redis hash
 * every second; the fleet view is whatever has beaten recently. A node that stops beating drops
 * out of the view after {@link #STALE}, and out of the hash a while later.
 */
public final class NodeRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
    public static final Duration STALE = Duration.ofSeconds(10);
    private static final Duration FORGET = Duration.ofMinutes(5);

    private final UnifiedJedis redis;
    private final Keys keys;
    private final String nodeId;
    private final Clock clock;
    private final Supplier<ObjectNode> describe;
    private volatile boolean closed;
    private Thread beater;

    public NodeRegistry(UnifiedJedis redis, Keys keys, String nodeId, Clock clock, Supplier<ObjectNode> describe) {
        this.redis = redis;
        this.keys = keys;
        this.nodeId = nodeId;
        this.clock = clock;
        this.describe = describe;
    }

    public void start() {
        beat();
        beater = Thread.ofVirtual().name("heartbeat").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(1_000);
                    beat();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("heartbeat failed: {}", e.getMessage());
                }
            }
        });
    }

    /** Writes this node's description now (also called after a pool changes). */
    public void beat() {
        if (closed) return;
        ObjectNode n = describe.get();
        n.put("node_id", nodeId);
        n.put("heartbeat_at", clock.instant().toString());
        redis.hset(keys.nodes(), nodeId, n.toString());
    }

    /** The nodes that beat within {@link #STALE}, sorted by id. */
    public List<JsonNode> liveNodes() {
        Instant now = clock.instant();
        List<JsonNode> out = new ArrayList<>();
        for (Map.Entry<String, String> e : redis.hgetAll(keys.nodes()).entrySet()) {
            try {
                JsonNode n = EventBus.JSON.readTree(e.getValue());
                Instant beat = Instant.parse(n.path("heartbeat_at").asText());
                if (beat.plus(STALE).isAfter(now)) out.add(n);
                else if (beat.plus(FORGET).isBefore(now)) redis.hdel(keys.nodes(), e.getKey());
            } catch (Exception ex) {
                redis.hdel(keys.nodes(), e.getKey()); // unreadable entry: drop it
            }
        }
        out.sort((a, b) -> a.path("node_id").asText().compareTo(b.path("node_id").asText()));
        return out;
    }

    @Override
    public void close() {
        closed = true;
        if (beater != null) beater.interrupt();
        try {
            redis.hdel(keys.nodes(), nodeId);
        } catch (RuntimeException e) {
            log.debug("could not remove node {} from the fleet: {}", nodeId, e.getMessage());
        }
    }
}
