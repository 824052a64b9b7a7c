package dev.flotilla.runtime.store;

import dev.flotilla.runtime.store.lua.LuaScript;
import java.util.List;

/**
 * A Lua script of a feature module, from its class-path resource: read once, run by its SHA (sent
 * again only when the server lost it), one round trip per call. Keys must be the fleet's (see
 * {@link Keys}) so they share its hash slot. Throws the store's exceptions. Thread-safe.
 */
public final class StoreScript {

    private final Redis redis;
    private final LuaScript script;

    StoreScript(Redis redis, LuaScript script) {
        this.redis = redis;
        this.script = script;
    }

    /** The script's reply as Redis gives it: numbers as Long, strings as String, arrays as List. */
    public Object run(List<String> keys, List<String> args) {
        return redis.call(j -> script.eval(j, keys, args));
    }

    public String name() {
        return script.name();
    }
}
