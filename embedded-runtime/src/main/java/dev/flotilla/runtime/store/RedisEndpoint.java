package dev.flotilla.runtime.store;

import java.net.URI;
import java.util.Objects;

/**
 * Where a node's Redis lives. Parsed from {@code redis://[:password@]host:port} URLs, or
 * {@code rediss://} for Redis over TLS ({@code ssl}; the server's certificate is checked against
 * the JVM's trust store, {@code -Djavax.net.ssl.trustStore} for a private CA).
 */
public record RedisEndpoint(String host, int port, String password, boolean ssl) {

    public RedisEndpoint {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
    }

    /** A plain (not TLS) endpoint. */
    public RedisEndpoint(String host, int port, String password) {
        this(host, port, password, false);
    }

    public static RedisEndpoint parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a Redis URL (expected redis://[:password@]host:port): " + masked(url)
                    + "; percent-encode special characters in the password");
        }
        boolean ssl = "rediss".equals(uri.getScheme());
        if (!("redis".equals(uri.getScheme()) || ssl) || uri.getHost() == null) {
            throw new IllegalArgumentException("not a Redis URL (expected redis://[:password@]host:port or rediss:// for TLS,"
                    + " host name without '_'): " + masked(url));
        }
        String password = null;
        if (uri.getUserInfo() != null) {
            String info = uri.getUserInfo();
            int colon = info.indexOf(':');
            password = colon >= 0 ? info.substring(colon + 1) : info;
            if (password.isEmpty()) password = null;
        }
        return new RedisEndpoint(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379, password, ssl);
    }

    /** The URL with anything between "//" and the last "@" hidden, for error messages. */
    private static String masked(String url) {
        int scheme = url.indexOf("//");
        int at = url.lastIndexOf('@');
        return scheme >= 0 && at > scheme ? url.substring(0, scheme + 2) + "***" + url.substring(at) : url;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return (ssl ? "rediss://" : "redis://") + (password != null ? ":***@" : "") + host + ":" + port;
    }
}
