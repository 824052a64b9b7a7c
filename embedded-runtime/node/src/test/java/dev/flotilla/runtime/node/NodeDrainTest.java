package dev.flotilla.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.NodeProcesses;
import dev.flotilla.runtime.support.TestNodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real headless node process, stopped with SIGTERM while runs are in flight. */
class NodeDrainTest {

    @TempDir
    Path dir;

    /** What a test does to a slow node process holding two running runs (of {@code ids}) on Redis. */
    @FunctionalInterface
    private interface Scenario {
        void run(String redisUrl, Process node, List<String> ids) throws Exception;
    }

    @Test
    void sigtermWithRunsInFlightLosesNone() throws Exception {
        withSlowNodeRunningTwoOf(6, (redisUrl, node, ids) -> {
            node.destroy(); // SIGTERM
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node exits after draining").isTrue();

            // nothing is stranded as running or failed: in-flight runs were handed back
            try (FleetRuntime rescuer = TestNodes.node().nodeId("rescuer").redisUrl(redisUrl).build().start()) {
                Http h2 = TestNodes.http(rescuer);
                for (String id : ids) {
                    JsonNode run = h2.awaitTerminal(id, Duration.ofSeconds(60));
                    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
                }
                // the two runs in flight at SIGTERM outlived the drain timeout, so another node finished them
                for (int i = 0; i < 2; i++) {
                    assertThat(h2.get("/v1/runs/" + ids.get(i)).json().path("node").asText()).isEqualTo("rescuer");
                }
            }
        });
    }

    @Test
    void runsOfAKilledNodeAreReclaimedByAnotherNode() throws Exception {
        withSlowNodeRunningTwoOf(3, (redisUrl, node, ids) -> {
            node.destroyForcibly(); // SIGKILL: no drain, no hand-back; the rescuer reclaims both orphans at once
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();

            try (FleetRuntime rescuer = TestNodes.node().nodeId("rescuer").redisUrl(redisUrl)
                    .reclaimAfter(Duration.ofMillis(500)).build().start()) {
                Http h2 = TestNodes.http(rescuer);
                for (String id : ids) {
                    JsonNode run = h2.awaitTerminal(id, Duration.ofSeconds(60));
                    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
                    assertThat(run.path("node").asText()).isEqualTo("rescuer");
                }
            }
        });
    }

    /** Starts a node process (2 agents, 4 s model) on a fresh Redis, submits runs, waits until two run. */
    private void withSlowNodeRunningTwoOf(int runs, Scenario scenario) throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.ephemeral()) {
            String redisUrl = NodeProcesses.url(redis.endpoint());
            int port = NodeProcesses.freePort();
            Process node = startNode(redisUrl, port);
            try {
                Http http = new Http("http://127.0.0.1:" + port, TestNodes.KEY);
                NodeProcesses.awaitHealthy(http, node);
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < runs; i++) ids.add(http.submit("assistant", "slow job " + i, null));
                for (int i = 0; i < 2; i++) {
                    http.awaitRun(ids.get(i), Duration.ofSeconds(20), r -> r.path("status").asText().equals("running"));
                }
                scenario.run(redisUrl, node, ids);
            } finally {
                node.destroyForcibly();
            }
        }
    }

    private Process startNode(String redisUrl, int port) throws Exception {
        return NodeProcesses.serve(dir.resolve("node.log"),
                Map.of("FLOTILLA_REDIS_URL", redisUrl, "FLOTILLA_ADMIN_KEY", TestNodes.KEY),
                "--port", Integer.toString(port), "--host", "127.0.0.1",
                "--node-id", "doomed", "--pool-size", "2", "--drain-timeout-seconds", "1",
                "--sim-latency-ms", "4000", "--sim-latency-spread", "0", "--sim-error-rate", "0", "--data-dir", dir.toString());
    }
}
