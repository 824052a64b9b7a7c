package dev.flotilla.runtime.store.lua;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/** {@code beat_node.lua}: a node's description, written even at the store's memory cap. */
public final class BeatNode {

    private static final LuaScript SCRIPT = LuaScript.load("beat_node");

    private BeatNode() {}

    public static void call(UnifiedJedis redis, String nodesKey, String nodeId, String description) {
        SCRIPT.eval(redis, List.of(nodesKey), List.of(nodeId, description));
    }
}
