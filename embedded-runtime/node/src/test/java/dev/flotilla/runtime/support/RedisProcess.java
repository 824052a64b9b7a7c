package dev.flotilla.runtime.support;

import dev.flotilla.runtime.store.RedisEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.embedded.core.ExecutableProvider;

/**
 * A real redis-server (the binary embedded-redis ships) with AOF on, on a fixed port and data
 * folder, that a test can stop and start again: the outage a fleet must survive.
 */
public final class RedisProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private final String password = "outage-test-password";
    private Process process;

    public RedisProcess(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.port = NodeProcesses.freePort();
        Files.writeString(dir.resolve("redis.conf"), String.join("\n",
                "bind 127.0.0.1", "port " + port, "requirepass " + password, "daemonize no",
                "dir " + dir.toAbsolutePath(), "save \"\"", "appendonly yes", "appendfsync everysec", ""));
    }

    public RedisEndpoint endpoint() { return new RedisEndpoint("127.0.0.1", port, password); }

    public String url() { return NodeProcesses.url(endpoint()); }

    public RedisProcess start() throws IOException, InterruptedException {
        var exe = ExecutableProvider.newJarResourceProvider().get();
        process = new ProcessBuilder(List.of(exe.getAbsolutePath(), dir.resolve("redis.conf").toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            try (Jedis j = new Jedis("127.0.0.1", port)) {
                j.auth(password);
                if ("PONG".equals(j.ping())) return this;
            } catch (RuntimeException notYet) {
                Thread.sleep(50); // the server is loading its AOF
            }
        }
        throw new IllegalStateException("redis-server did not start; see " + dir.resolve("redis.log"));
    }

    /** Graceful stop (SIGTERM): Redis writes what its AOF still holds, then exits. */
    public void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
            process = null;
        }
    }
}
