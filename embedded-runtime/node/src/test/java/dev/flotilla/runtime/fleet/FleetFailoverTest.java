package dev.flotilla.runtime.fleet;

import static dev.flotilla.runtime.support.NodeFleet.count;
import static dev.flotilla.runtime.support.NodeFleet.metric;
import static dev.flotilla.runtime.support.NodeFleet.startedOn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.NodeFleet;
import dev.flotilla.runtime.support.NodeProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test: three node processes on one Redis, 300 runs in flight on a 300 ms
 * model, one node SIGKILLed. Every accepted run ends succeeded with exactly one stored outcome.
 */
class FleetFailoverTest {

    private static final int RUNS = 300;
    private static final String VICTIM = "n3";

    @TempDir
    Path dir;

    @Test
    void everyRunSucceedsExactlyOnceWhenANodeHoldingAThirdOfThemIsKilled() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.ephemeral();
             NodeFleet fleet = new NodeFleet(dir, NodeProcesses.url(redis.endpoint()))) {
            // 100 agents a node (two pools of 50, the most one pool may hold is 64): room for all 300 at once
            fleet.start(List.of("n1", "n2", VICTIM), "--agents", "assistant:50,scribe:50",
                    "--sim-latency-ms", "300", "--reclaim-after-seconds", "2", "--drain-timeout-seconds", "1");
            Http viaN1 = fleet.node("n1").http();

            // paused nodes still accept runs: queue all 300 first, so they are taken (and in flight) together
            for (NodeFleet.Node n : fleet.nodes()) assertThat(n.http().post("/v1/nodes/" + n.id() + "/pause", "").status()).isEqualTo(202);
            List<String> ids = submitSpread(fleet.nodes(), RUNS);
            // a client retrying with the same key gets the same run, not a second one
            for (int i = 0; i < 3; i++) {
                Http.Response again = fleet.nodes().get((i + 1) % 3).http().post("/v1/runs", body(i));
                assertThat(again.status()).as(again.body()).isEqualTo(200);
                assertThat(again.json().path("run_id").asText()).isEqualTo(ids.get(i));
            }

            // the victim first, so it takes its full hundred before the others come back for more
            NodeFleet.Node victim = fleet.node(VICTIM);
            for (NodeFleet.Node n : fleet.nodes().reversed()) assertThat(n.http().post("/v1/nodes/" + n.id() + "/resume", "").status()).isEqualTo(202);
            NodeFleet.await("the victim running at least 50 runs", Duration.ofSeconds(30),
                    () -> metric(victim.metrics(), "active_agents") >= 50);
            victim.process().destroyForcibly(); // SIGKILL: no drain, no hand-back, no last words
            assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

            Map<String, JsonNode> runs = NodeFleet.awaitAll(viaN1, ids, Duration.ofSeconds(90), NodeFleet::terminal);

            int reclaimed = 0;
            Map<String, Integer> finishedBy = new java.util.HashMap<>();
            Map<String, Integer> reclaimedBy = new java.util.HashMap<>();
            for (JsonNode run : runs.values()) {
                String node = run.path("node").asText();
                List<String> started = startedOn(run);
                assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
                assertThat(count(run, "succeeded")).as("one stored outcome: %s", run).isEqualTo(1);
                assertThat(count(run, "failed") + count(run, "dead_lettered")).as(run.toString()).isZero();
                assertThat(started).as("finished by the node it last started on: %s", run).isNotEmpty().endsWith(node);
                assertThat(run.path("deliveries").asInt()).as("a delivery per start: %s", run).isEqualTo(started.size());
                finishedBy.merge(node, 1, Integer::sum);
                if (count(run, "reclaimed") > 0) {
                    reclaimed++;
                    reclaimedBy.merge(node, 1, Integer::sum);
                    assertThat(count(run, "reclaimed")).as(run.toString()).isEqualTo(1);
                    assertThat(node).as("a survivor finished the victim's run: %s", run).isNotEqualTo(VICTIM);
                    // started on the victim, or read by it but killed before it could start it
                    assertThat(started.subList(0, started.size() - 1)).as(run.toString()).allMatch(VICTIM::equals);
                } else {
                    assertThat(started).as("never left the node that took it: %s", run).containsExactly(node);
                }
            }
            System.out.printf("failover: %d reclaimed, finished by %s, reclaimed by %s%n", reclaimed, finishedBy, reclaimedBy);
            assertThat(reclaimed).as("runs in flight on the killed node, taken over by survivors").isGreaterThanOrEqualTo(20);

            // the victim's own counters died with it; each survivor counted exactly the runs it stored and reclaimed
            for (NodeFleet.Node survivor : fleet.nodes().subList(0, 2)) {
                int stored = finishedBy.getOrDefault(survivor.id(), 0);
                int took = reclaimedBy.getOrDefault(survivor.id(), 0);
                // the counter moves just after the outcome is stored: allow the scrape a moment to catch up
                NodeFleet.await(survivor.id() + " counting " + stored + " succeeded runs", Duration.ofSeconds(5),
                        () -> metric(survivor.metrics(), "agent_requests_total", "status=\"succeeded\"") == stored);
                String metrics = survivor.metrics();
                assertThat(metric(metrics, "agent_requests_total", "status=\"failed\"")).isZero();
                assertThat(metric(metrics, "flotilla_runs_reclaimed_total")).as(survivor.id()).isEqualTo(took);
                assertThat(stored).as("a survivor kept working").isPositive();
            }
            assertThat(finishedBy.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(RUNS);
        }
    }

    private static String body(int i) {
        return NodeFleet.runBody(i % 2 == 0 ? "assistant" : "scribe", "failover job " + i, "failover-" + i);
    }

    /** {@code n} runs, each with its own idempotency key, sent at once and spread over the gateways. */
    private static List<String> submitSpread(List<NodeFleet.Node> nodes, int n) throws Exception {
        List<Future<Http.Response>> pending = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                Http gateway = nodes.get(i % nodes.size()).http();
                String body = body(i);
                pending.add(clients.submit(() -> gateway.post("/v1/runs", body)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<Http.Response> f : pending) {
                Http.Response r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.body()).isEqualTo(202);
                ids.add(r.json().path("run_id").asText());
            }
            return ids;
        }
    }
}
