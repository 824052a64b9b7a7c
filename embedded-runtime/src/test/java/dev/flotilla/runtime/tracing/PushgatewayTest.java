package dev.flotilla.runtime.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push mode against a real Pushgateway (Debian's {@code prometheus-pushgateway}, which CI installs):
 * the node's metrics arrive grouped by job and instance while it runs, and its last figures once more
 * when it closes.
 */
class PushgatewayTest {

    private static final Path PUSHGATEWAY = Path.of("/usr/bin/prometheus-pushgateway");

    @TempDir
    Path dir;

    @Test
    void aRealPushgatewayHoldsTheNodesMetricsByJobAndInstanceAndItsLastFiguresAfterItCloses() throws Exception {
        assertThat(Files.isExecutable(PUSHGATEWAY)).as("the Pushgateway (apt-get install prometheus-pushgateway)").isTrue();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process gateway = new ProcessBuilder(PUSHGATEWAY.toString(), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("pushgateway.log").toFile()).start();
        Http pg = new Http("http://127.0.0.1:" + port, null);
        try {
            await("the Pushgateway up", () -> {
                try {
                    return pg.get("/-/ready").status() == 200;
                } catch (RuntimeException notYet) {
                    return false;
                }
            });
            String sample = "agent_requests_total{agent=\"assistant\",instance=\"push-node\",job=\"flotilla\",status=\"succeeded\"}";
            try (FleetRuntime node = TestNodes.node().nodeId("push-node")
                    .pushgateway("http://127.0.0.1:" + port, Duration.ofMillis(200)).build().start()) {
                Http http = TestNodes.http(node);
                http.awaitTerminal(http.submit("assistant", "one", null), Duration.ofSeconds(20));
                await("the first run pushed", () -> pg.get("/metrics").body().contains(sample + " 1"));
                assertThat(pg.get("/metrics").body()).contains("active_agents{instance=\"push-node\",job=\"flotilla\"}");
                http.awaitTerminal(http.submit("assistant", "two", null), Duration.ofSeconds(20));
            }
            // closed: the last push has the second run, whatever the timer did before
            assertThat(pg.get("/metrics").body()).contains(sample + " 2");
        } finally {
            gateway.destroy();
            gateway.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            Thread.sleep(100); // waiting on a real process
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
