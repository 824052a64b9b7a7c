package dev.flotilla.runtime.fleet;

import static dev.flotilla.runtime.support.NodeFleet.count;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "drain and SIGTERM lose nothing", with two node processes working together (a single
 * node's SIGTERM, and a rescuer started after it, are in {@code node.NodeDrainTest}): a node drained
 * through the API finishes its runs there and takes nothing new while the other works on; a node
 * sent SIGTERM hands its unfinished runs to the live one.
 */
class FleetDrainTest {

    @TempDir
    Path dir;

    @Test
    void aDrainedNodeFinishesItsRunsAndASigtermedNodeHandsItsRunsToTheOther() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.ephemeral();
             NodeFleet fleet = new NodeFleet(dir, NodeProcesses.url(redis.endpoint()))) {
            // a 2 s model outlives the 1 s drain timeout: a SIGTERM cannot wait for runs just started
            fleet.start(List.of("d1", "d2"), "--pool-size", "4", "--sim-latency-ms", "2000",
                    "--reclaim-after-seconds", "5", "--drain-timeout-seconds", "1");
            NodeFleet.Node d1 = fleet.node("d1");
            NodeFleet.Node d2 = fleet.node("d2");

            // d1 holds four running runs (d2 paused meanwhile, so d1 takes them all)
            control(d2, "d2", "pause");
            List<String> first = submit(d1, "before drain", 4);
            NodeFleet.awaitAll(d1.http(), first, Duration.ofSeconds(30), r -> r.path("status").asText().equals("running"));
            control(d2, "d2", "resume");

            // drained through its own gateway, which acts at once (the other node's would within a second)
            control(d1, "d1", "drain");
            assertThat(first.stream().filter(id -> d1.http().get("/v1/runs/" + id).json().path("status").asText().equals("running")))
                    .as("runs still in flight when d1 began draining").isNotEmpty();
            assertThat(d1.probes().get("/ready").status()).isEqualTo(503);
            Http.Response refused = d1.http().post("/v1/runs", NodeFleet.runBody("assistant", "to a draining node", "refused-1"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().at("/error/code").asText()).isEqualTo("draining");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            NodeFleet.await("d1 listed as draining", Duration.ofSeconds(10),
                    () -> fleetEntry(d2.http(), "d1").path("state").asText().equals("draining"));

            // more than d2's pool: runs queue while d1's agents come free, yet d1 takes none of them
            List<String> during = submit(d2, "during drain", 6);
            Map<String, JsonNode> drainedRuns = NodeFleet.awaitAll(d2.http(), first, Duration.ofSeconds(30), NodeFleet::terminal);
            for (JsonNode run : drainedRuns.values()) {
                assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
                assertThat(startedOn(run)).as("finished where it ran: %s", run).containsExactly("d1");
                assertThat(count(run, "handed_back")).as(run.toString()).isZero();
            }
            for (JsonNode run : NodeFleet.awaitAll(d2.http(), during, Duration.ofSeconds(60), NodeFleet::terminal).values()) {
                assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
                assertThat(startedOn(run)).as("a draining node takes nothing new: %s", run).containsExactly("d2");
            }
            assertThat(d1.process().isAlive()).as("a drained node stays up").isTrue();
            NodeFleet.await("d1 listed as draining with nothing in flight", Duration.ofSeconds(10), () -> {
                JsonNode n = fleetEntry(d2.http(), "d1");
                return n.path("state").asText().equals("draining") && n.path("in_flight").asInt() == 0;
            });

            // back to work; then SIGTERM d2 with four runs in flight on it
            control(d2, "d1", "resume");
            NodeFleet.await("d1 active again", Duration.ofSeconds(10), () -> d1.probes().get("/ready").status() == 200);
            List<String> last = new ArrayList<>(submit(d1, "before sigterm", 4));
            last.addAll(submit(d2, "before sigterm", 4));
            Map<String, JsonNode> running = NodeFleet.awaitAll(d1.http(), last, Duration.ofSeconds(30),
                    r -> r.path("status").asText().equals("running"));
            List<String> onD2 = running.values().stream().filter(r -> r.path("node").asText().equals("d2"))
                    .map(r -> r.path("run_id").asText()).toList();
            assertThat(onD2).as("runs in flight on d2").isNotEmpty();
            d2.process().destroy(); // SIGTERM: drain, hand back what outlives the drain timeout, exit
            assertThat(d2.process().waitFor(30, TimeUnit.SECONDS)).as("d2 exits after draining").isTrue();

            Map<String, JsonNode> ended = NodeFleet.awaitAll(d1.http(), last, Duration.ofSeconds(60), NodeFleet::terminal);
            for (JsonNode run : ended.values()) {
                assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
                assertThat(count(run, "succeeded")).as("one stored outcome: %s", run).isEqualTo(1);
            }
            for (String id : onD2) {
                JsonNode run = ended.get(id);
                assertThat(NodeFleet.kinds(run)).as(run.toString()).contains("handed_back");
                assertThat(startedOn(run)).as("handed back by d2, finished by d1: %s", run).containsExactly("d2", "d1");
                assertThat(run.path("node").asText()).isEqualTo("d1");
            }
        }
    }

    private static void control(NodeFleet.Node via, String node, String action) {
        Http.Response r = via.http().post("/v1/nodes/" + node + "/" + action, "");
        assertThat(r.status()).as(action + " " + node + ": " + r.body()).isEqualTo(202);
    }

    private static List<String> submit(NodeFleet.Node via, String input, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Http.Response r = via.http().post("/v1/runs",
                    NodeFleet.runBody("assistant", input + " " + i, via.id() + "-" + input.replace(' ', '-') + "-" + i));
            assertThat(r.status()).as(r.body()).isEqualTo(202);
            ids.add(r.json().path("run_id").asText());
        }
        return ids;
    }

    private static JsonNode fleetEntry(Http http, String node) {
        for (JsonNode n : http.get("/v1/fleet").json().path("nodes")) if (n.path("node_id").asText().equals(node)) return n;
        throw new AssertionError("node " + node + " not in the fleet");
    }
}
