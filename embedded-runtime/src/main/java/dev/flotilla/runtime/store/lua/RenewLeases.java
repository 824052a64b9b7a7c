package dev.flotilla.runtime.store.lua;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/** {@code renew_leases.lua}: resets the idle time of the entries a consumer still owns. */
public final class RenewLeases {

    private static final LuaScript SCRIPT = LuaScript.load("renew_leases");

    private RenewLeases() {}

    /** Returns the entry ids the consumer no longer owns. */
    @SuppressWarnings("unchecked")
    public static List<String> call(UnifiedJedis redis, String queue, String group, String consumer, List<String> entryIds) {
        List<String> args = new ArrayList<>(entryIds.size() + 2);
        args.add(group);
        args.add(consumer);
        args.addAll(entryIds);
        return (List<String>) SCRIPT.eval(redis, List.of(queue), args);
    }
}
