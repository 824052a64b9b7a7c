package dev.flotilla.runtime.model.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A provider's key, read from an environment variable or a file the configuration names (never
 * from the configuration text). It never prints: {@link #toString} says where it came from, and
 * {@link #redact} takes it out of any text a provider sends back before that text reaches a run,
 * an event or a log.
 */
public final class ApiKey {

    private final String value;
    private final String origin;

    private ApiKey(String value, String origin) {
        this.value = value;
        this.origin = origin;
    }

    /** The key in environment variable {@code name} of {@code env}; the message names the variable, never a value. */
    public static ApiKey fromEnv(String name, Map<String, String> env) {
        String v = env.get(name);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("environment variable " + name + " is not set (it should hold the API key)");
        return new ApiKey(v.trim(), "env " + name);
    }

    /** The key in {@code file} (its first line, trimmed). */
    public static ApiKey fromFile(Path file) {
        try {
            String v = Files.readString(file).strip();
            int nl = v.indexOf('\n');
            if (nl >= 0) v = v.substring(0, nl).strip();
            if (v.isEmpty()) throw new IllegalArgumentException("key file " + file + " is empty");
            return new ApiKey(v, "file " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    /** For tests and embedding: a key given as a value. */
    public static ApiKey of(String value) {
        return new ApiKey(Objects.requireNonNull(value, "key is null"), "value");
    }

    /** The key, for the one header that carries it. */
    public String value() { return value; }

    /** {@code text} with the key (and anything shaped like a secret key) replaced by {@code [redacted]}. */
    public String redact(String text) {
        return redactAll(text, value);
    }

    /** {@code text} without {@code key} or anything shaped like a provider secret key. */
    public static String redactAll(String text, String key) {
        if (text == null) return null;
        String out = key == null || key.length() < 4 ? text : text.replace(key, "[redacted]");
        return out.replaceAll("(sk-[A-Za-z0-9_-]{3})[A-Za-z0-9_-]{8,}", "$1…[redacted]");
    }

    @Override
    public String toString() {
        return "ApiKey[" + origin + "]";
    }
}
