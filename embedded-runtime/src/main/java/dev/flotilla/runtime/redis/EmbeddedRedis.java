package dev.flotilla.runtime.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import redis.embedded.RedisServer;

/**
 * A redis-server child process owned by this node: bound to 127.0.0.1 on a free port, protected
 * by a random password, and either persisted (AOF in {@code dataDir}) or throwaway.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private final RedisServer server;
    private final RedisEndpoint endpoint;

    private EmbeddedRedis(RedisServer server, RedisEndpoint endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Starts a server whose data survives restarts in {@code dataDir}. */
    public static EmbeddedRedis persistent(Path dataDir) {
        return start(dataDir);
    }

    /** Starts a server that keeps nothing on disk (tests, benchmarks). */
    public static EmbeddedRedis ephemeral() {
        return start(null);
    }

    private static EmbeddedRedis start(Path dataDir) {
        int port = freePort();
        String password = randomPassword();
        try {
            var builder = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(port)
                    .setting("requirepass " + password)
                    .setting("protected-mode yes")
                    .onShutdownForceStop(false); // our own drain stops it, after runs are handed back
            if (dataDir != null) {
                Path dir = Files.createDirectories(dataDir.resolve("redis"));
                builder.setting("dir " + dir.toAbsolutePath())
                        .setting("appendonly yes")
                        .setting("appendfsync everysec")
                        .setting("save \"\"");
            } else {
                builder.setting("save \"\"").setting("appendonly no");
            }
            RedisServer server = builder.build();
            server.start();
            return new EmbeddedRedis(server, new RedisEndpoint("127.0.0.1", port, password));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded Redis: " + e.getMessage(), e);
        }
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
