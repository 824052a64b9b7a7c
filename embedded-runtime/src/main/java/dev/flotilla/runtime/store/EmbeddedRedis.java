package dev.flotilla.runtime.store;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.embedded.core.ExecutableProvider;

/**
 * A redis-server child process owned by this node: bound to 127.0.0.1 on a free port, protected
 * by a random password, and either persisted (AOF in {@code dataDir/redis}) or throwaway.
 *
 * <p>The embedded-redis library provides the binary; the process is ours because that library
 * stops the server from its own shutdown hook, which races with the node's drain (runs could not
 * be handed back). The password travels in an owner-only config file, never on the command line.
 *
 * <p>Its memory is capped ({@code maxmemory}, {@link #DEFAULT_MAX_MEMORY} unless told) with
 * {@code noeviction}: at the cap Redis refuses writes that would grow it (the store raises
 * {@link StoreFullException}) and never drops a key, so no accepted run is lost to make room.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    /** The memory cap unless told: room for tens of thousands of runs, small beside a desktop's memory. */
    public static final long DEFAULT_MAX_MEMORY = 512L * 1024 * 1024;
    /** Below this an empty server is already full. */
    public static final long MIN_MAX_MEMORY = 4L * 1024 * 1024;

    private final Process process;
    private final RedisEndpoint endpoint;
    private final Path workDir;
    private final boolean throwaway;

    private EmbeddedRedis(Process process, RedisEndpoint endpoint, Path workDir, boolean throwaway) {
        this.process = process;
        this.endpoint = endpoint;
        this.workDir = workDir;
        this.throwaway = throwaway;
    }

    /** Starts a server whose data survives restarts in {@code dataDir/redis}, capped at {@link #DEFAULT_MAX_MEMORY}. */
    public static EmbeddedRedis persistent(Path dataDir) {
        return persistent(dataDir, DEFAULT_MAX_MEMORY);
    }

    /** Starts a server whose data survives restarts in {@code dataDir/redis}, capped at {@code maxMemoryBytes}. */
    public static EmbeddedRedis persistent(Path dataDir, long maxMemoryBytes) {
        try {
            Path dir = Files.createDirectories(dataDir.resolve("redis"));
            // run inputs and outputs land here: owner-only, like the admin key
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system (Windows): the user's profile folder protects it
            }
            return start(dir, false, maxMemoryBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dataDir.resolve("redis") + ": " + e.getMessage(), e);
        }
    }

    /** Starts a server that keeps nothing on disk (tests, benchmarks), capped at {@link #DEFAULT_MAX_MEMORY}. */
    public static EmbeddedRedis ephemeral() {
        return ephemeral(DEFAULT_MAX_MEMORY);
    }

    /** Starts a server that keeps nothing on disk, capped at {@code maxMemoryBytes}. */
    public static EmbeddedRedis ephemeral(long maxMemoryBytes) {
        try {
            return start(Files.createTempDirectory("flotilla-redis-"), true, maxMemoryBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary folder for Redis: " + e.getMessage(), e);
        }
    }

    private static EmbeddedRedis start(Path dir, boolean throwaway, long maxMemoryBytes) {
        if (maxMemoryBytes < MIN_MAX_MEMORY) {
            throw new IllegalArgumentException("maxmemory must be at least " + MIN_MAX_MEMORY + " bytes: " + maxMemoryBytes);
        }
        int port = freePort();
        String password = randomPassword();
        try {
            stopOrphan(dir);
            Path conf = dir.resolve("redis.conf");
            Files.deleteIfExists(conf);
            try {
                Files.createFile(conf, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(conf); // Windows: protected by the user's profile folder
            }
            Files.writeString(conf, String.join("\n",
                    "bind 127.0.0.1",
                    "port " + port,
                    "protected-mode yes",
                    "requirepass " + password,
                    "daemonize no",
                    "dir " + dir.toAbsolutePath(),
                    "save \"\"",
                    throwaway ? "appendonly no" : "appendonly yes",
                    "appendfsync everysec",
                    "maxmemory " + maxMemoryBytes,
                    "maxmemory-policy noeviction",
                    "") );
            File exe = ExecutableProvider.newJarResourceProvider().get();
            Path log = dir.resolve("redis.log");
            Process p = new ProcessBuilder(List.of(exe.getAbsolutePath(), conf.toAbsolutePath().toString()))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            Files.writeString(dir.resolve("redis-server.pid"), Long.toString(p.pid()));
            RedisEndpoint endpoint = new RedisEndpoint("127.0.0.1", port, password);
            awaitReady(p, endpoint, log);
            return new EmbeddedRedis(p, endpoint, dir, throwaway);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded Redis: " + e.getMessage(), e);
        }
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    /** The redis-server process id. */
    public long pid() {
        return process.pid();
    }

    /** Stops the server gracefully (SIGTERM: Redis flushes its AOF), forcibly after 5 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(workDir.resolve("redis-server.pid"));
            if (throwaway) {
                try (var files = Files.list(workDir)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                }
                Files.deleteIfExists(workDir);
            }
        } catch (IOException ignored) {
            // leftovers in a temp folder are harmless
        }
    }

    private static void awaitReady(Process p, RedisEndpoint endpoint, Path log) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        var config = DefaultJedisClientConfig.builder().password(endpoint.password())
                .connectionTimeoutMillis(500).socketTimeoutMillis(1_000).build();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("redis-server exited with " + p.exitValue() + ": " + tail(log));
            }
            try (Jedis j = new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), config)) {
                if ("PONG".equals(j.ping())) return;
            } catch (RuntimeException notYet) {
                // still loading
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while Redis started");
            }
        }
        p.destroyForcibly();
        throw new IOException("redis-server did not answer within " + START_TIMEOUT.toSeconds() + " s: " + tail(log));
    }

    /** A server left running by a node that was killed (SIGKILL) would hold the data folder: stop it. */
    private static void stopOrphan(Path dir) throws IOException {
        Path pidFile = dir.resolve("redis-server.pid");
        if (!Files.exists(pidFile)) return;
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isPresent() && h.get().info().command().map(c -> c.contains("redis-server")).orElse(false)) {
                h.get().destroy();
                h.get().onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // unreadable pid file or already gone
        }
        Files.deleteIfExists(pidFile);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
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
