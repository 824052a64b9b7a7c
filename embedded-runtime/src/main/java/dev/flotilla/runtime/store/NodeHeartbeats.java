package dev.flotilla.runtime.store;

import dev.flotilla.runtime.store.lua.BeatNode;
import dev.flotilla.runtime.store.lua.TakeNodeCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where the nodes of a fleet describe themselves and leave each other commands: one hash of node
 * id → its last description (JSON), and per node a short-lived list of commands (JSON) waiting
 * for its next heartbeat. What the JSON says is the fleet's business ({@code fleet/NodeRegistry}).
 */
public final class NodeHeartbeats {

    private final Redis redis;
    private final Keys keys;

    public NodeHeartbeats(Store store, Keys keys) {
        this.redis = store.redis();
        this.keys = keys;
    }

    /** Writes a node's description; also at the store's memory cap, so a full store's nodes are not taken for lost. */
    public void beat(String nodeId, String description) {
        redis.run(j -> BeatNode.call(j, keys.nodes(), nodeId, description));
    }

    /** Every node's last description, by node id. */
    public Map<String, String> all() {
        return redis.call(j -> j.hgetAll(keys.nodes()));
    }

    public void forget(String nodeId) {
        redis.run(j -> j.hdel(keys.nodes(), nodeId));
    }

    /** Leaves a command for a node; it is dropped unless taken within {@code ttl}. */
    public void send(String nodeId, String command, Duration ttl) {
        String key = keys.nodeCommands(nodeId);
        redis.run(j -> {
            try (var p = j.pipelined()) {
                p.rpush(key, command);
                p.pexpire(key, ttl.toMillis());
                p.sync();
            }
        });
    }

    /** The commands waiting for a node, oldest first; taken (they are gone from the store). */
    public List<String> takeCommands(String nodeId) {
        return redis.call(j -> TakeNodeCommands.call(j, keys.nodeCommands(nodeId)));
    }

    /** Drops the commands waiting for a node (a restarted node starts without its previous life's). */
    public void clearCommands(String nodeId) {
        redis.run(j -> j.del(keys.nodeCommands(nodeId)));
    }
}
