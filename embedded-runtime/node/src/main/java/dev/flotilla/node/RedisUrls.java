package dev.flotilla.node;

import dev.flotilla.runtime.store.RedisEndpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Redis URL a node joins, with its password kept out of the process list: a password given in
 * {@code --redis-url} is visible to every user of the machine ({@code ps}), so it earns a warning;
 * {@code FLOTILLA_REDIS_URL} or a password file ({@code --redis-password-file}) keep it private.
 */
final class RedisUrls {

    static final String WARNING = "flotilla-node: warning: the Redis password in --redis-url is visible to every user of this machine"
            + " in the process list; set FLOTILLA_REDIS_URL or --redis-password-file (FLOTILLA_REDIS_PASSWORD_FILE) instead";

    private RedisUrls() {}

    /**
     * The URL to connect with, or null for the embedded Redis.
     *
     * @param url           {@code --redis-url} or {@code FLOTILLA_REDIS_URL}; null or blank when neither is set
     * @param fromArguments true when the URL came from the command line (not the environment)
     * @param passwordFile  {@code --redis-password-file}: the password alone, one trailing line break allowed; may be null
     * @param err           where the one-line warning goes; it never carries the password
     * @throws IllegalArgumentException when a password file comes without a URL, or the password is set twice
     * @throws UncheckedIOException     when the password file cannot be read
     */
    static String resolve(String url, boolean fromArguments, Path passwordFile, PrintWriter err) {
        boolean hasUrl = url != null && !url.isBlank();
        if (!hasUrl) {
            if (passwordFile != null) {
                throw new IllegalArgumentException("--redis-password-file (FLOTILLA_REDIS_PASSWORD_FILE) needs --redis-url (FLOTILLA_REDIS_URL) too");
            }
            return null;
        }
        RedisEndpoint endpoint = RedisEndpoint.parse(url);
        if (endpoint.password() != null && fromArguments) err.println(WARNING);
        if (passwordFile == null) return url.trim();
        if (endpoint.password() != null) {
            throw new IllegalArgumentException("the Redis password is set twice, in the Redis URL and in --redis-password-file"
                    + " (FLOTILLA_REDIS_PASSWORD_FILE); keep one");
        }
        return (endpoint.ssl() ? "rediss://:" : "redis://:") + percentEncoded(readPassword(passwordFile)) + "@" + endpoint.host() + ":" + endpoint.port();
    }

    private static String readPassword(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the Redis password file " + file + ": " + e.getMessage(), e);
        }
        String password = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        if (password.isEmpty()) throw new IllegalArgumentException("the Redis password file " + file + " is empty");
        return password;
    }

    /** Everything but RFC 3986's unreserved characters as %XX, so any password survives the URL's user-info. */
    private static String percentEncoded(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) out.append(c);
            else out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
        }
        return out.toString();
    }
}
