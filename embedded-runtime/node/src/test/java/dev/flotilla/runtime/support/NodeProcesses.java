package dev.flotilla.runtime.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.node.NodeMain;
import dev.flotilla.runtime.store.RedisEndpoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Real {@code flotilla-node serve} processes for tests: the test's class path, its output in a log file. */
public final class NodeProcesses {

    private NodeProcesses() {}

    /** Starts {@code serve} with {@code args}, {@code env} added to this process's environment, output to {@code log}. */
    public static Process serve(Path log, Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                NodeMain.class.getName(), "serve"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    /** Waits until the node answers /health (a real process boots in seconds); fails if it dies first. */
    public static void awaitHealthy(Http http, Process node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(node.isAlive()).as("node process alive").isTrue();
            try {
                if (http.get("/health").status() == 200) return;
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(100); // waiting for a real process to boot
        }
        throw new AssertionError("node did not become healthy");
    }

    /** The redis:// URL, password included, for FLOTILLA_REDIS_URL. */
    public static String url(RedisEndpoint e) {
        return "redis://:" + e.password() + "@" + e.host() + ":" + e.port();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
