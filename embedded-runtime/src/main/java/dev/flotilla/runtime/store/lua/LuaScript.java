package dev.flotilla.runtime.store.lua;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script kept as a resource ({@code /lua/NAME.lua}), read once and run by its SHA-1
 * (EVALSHA), so the hot path sends a few dozen bytes instead of the script's text. When the server
 * does not know it (first use, a restarted or flushed server) it is sent once with EVAL, which
 * caches it again. A script may start with shared libraries ({@code /lua/lib/NAME.lua}).
 */
public final class LuaScript {

    private final String name;
    private final String text;
    private final String sha;

    private LuaScript(String name, String text) {
        this.name = name;
        this.text = text;
        this.sha = sha1(text);
    }

    /** The script {@code /lua/NAME.lua}, preceded by the libraries {@code /lua/lib/LIB.lua} in order. */
    public static LuaScript load(String name, String... libs) {
        StringBuilder text = new StringBuilder();
        for (String lib : libs) text.append(resource("/lua/lib/" + lib + ".lua")).append('\n');
        text.append(resource("/lua/" + name + ".lua"));
        return new LuaScript(name, text.toString());
    }

    /** A script from any class-path resource (a feature module's own), e.g. {@code dev/flotilla/runtime/x/y.lua}. */
    public static LuaScript fromResource(String name, String resourcePath) {
        String path = resourcePath.startsWith("/") ? resourcePath : "/" + resourcePath;
        return new LuaScript(name, resource(path));
    }

    public Object eval(UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException e) {
            return redis.eval(text, keys, args);
        }
    }

    public String name() { return name; }

    public String sha() { return sha; }

    private static String resource(String path) {
        try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("no Lua script at " + path + " on the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path, e);
        }
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-1 in this JDK", e);
        }
    }
}
