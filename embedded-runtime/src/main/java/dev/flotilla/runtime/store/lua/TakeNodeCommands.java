package dev.flotilla.runtime.store.lua;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/** {@code take_node_commands.lua}: the commands waiting for a node, taken at once. */
public final class TakeNodeCommands {

    private static final LuaScript SCRIPT = LuaScript.load("take_node_commands");

    private TakeNodeCommands() {}

    @SuppressWarnings("unchecked")
    public static List<String> call(UnifiedJedis redis, String commandsKey) {
        return (List<String>) SCRIPT.eval(redis, List.of(commandsKey), List.of());
    }
}
