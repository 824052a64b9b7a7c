package dev.flotilla.runtime.support;

import dev.flotilla.runtime.kernel.FleetScript;
import dev.flotilla.runtime.redis.LuaScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import redis.clients.jedis.UnifiedJedis;

/** Modules' scripts on a test's own Redis, loaded from their class-path resources as a node loads them. */
public final class TestScripts {
    private TestScripts() {}

    public static FleetScript.Loader on(UnifiedJedis redis) {
        return (name, path) -> load(redis, path);
    }

    public static FleetScript load(UnifiedJedis redis, String resourcePath) {
        try (InputStream in = TestScripts.class.getClassLoader().getResourceAsStream(resourcePath)) {
            if (in == null) throw new IllegalStateException("no resource " + resourcePath);
            LuaScript script = new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (keys, args) -> script.eval(redis, keys, args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
