package dev.flotilla.runtime.node;

import dev.flotilla.runtime.kernel.FleetScript;
import dev.flotilla.runtime.redis.LuaScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import redis.clients.jedis.UnifiedJedis;

/**
 * Modules' scripts on this node's Redis: each read once from its class-path resource and run by
 * its SHA (EVAL again when the server lost it). A missing resource fails the node's start.
 */
final class StoreScripts implements FleetScript.Loader {

    private final UnifiedJedis redis;

    StoreScripts(UnifiedJedis redis) {
        this.redis = redis;
    }

    @Override
    public FleetScript load(String name, String resourcePath) {
        LuaScript script = new LuaScript(read(name, resourcePath));
        return (keys, args) -> script.eval(redis, keys, args);
    }

    static String read(String name, String resourcePath) {
        try (InputStream in = StoreScripts.class.getClassLoader().getResourceAsStream(resourcePath)) {
            if (in == null) throw new IllegalStateException("script " + name + ": no resource " + resourcePath + " on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("script " + name + ": cannot read " + resourcePath, e);
        }
    }
}
