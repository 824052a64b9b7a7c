package dev.flotilla.runtime.fleet;

import static dev.flotilla.runtime.support.NodeFleet.count;
import static dev.flotilla.runtime.support.NodeFleet.metric;
import static dev.flotilla.runtime.support.NodeFleet.startedOn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.store.Keys;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.NodeFleet;
import dev.flotilla.runtime.support.NodeProcesses;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;

/**
 * Leases between real node processes: a 3 s model on a 1 s lease. A live node keeps its runs however
 * long they take; a node stopped (SIGSTOP) past its lease loses its run to another node and, once it
 * goes on (SIGCONT), stores nothing of it.
 */
class LeaseStallTest {

    private static final Duration MODEL = Duration.ofSeconds(3);

    @TempDir
    static Path dir;
    private static EmbeddedRedis redis;
    private static NodeFleet fleet;
    private static NodeFleet.Node a;
    private static NodeFleet.Node b;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        redis = EmbeddedRedis.ephemeral();
        fleet = new NodeFleet(Files.createDirectories(dir.resolve("fleet")), NodeProcesses.url(redis.endpoint()));
        List<NodeFleet.Node> nodes = fleet.start(List.of("a", "b"), "--pool-size", "2",
                "--sim-latency-ms", Long.toString(MODEL.toMillis()), "--reclaim-after-seconds", "1", "--drain-timeout-seconds", "1");
        a = nodes.get(0);
        b = nodes.get(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (fleet != null) fleet.close();
        if (redis != null) redis.close();
    }

    @Test
    void runsThreeTimesLongerThanTheLeaseAreRunOnceOnTheNodeThatTookThem() throws Exception {
        double reclaimsBefore = metric(a.metrics(), "flotilla_runs_reclaimed_total") + metric(b.metrics(), "flotilla_runs_reclaimed_total");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) ids.add(submit(i % 2 == 0 ? a : b, "long " + i, "long-" + i, null));

        Map<String, JsonNode> runs = NodeFleet.awaitAll(a.http(), ids, Duration.ofSeconds(60), NodeFleet::terminal);
        for (JsonNode run : runs.values()) {
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
            assertThat(run.path("duration_ms").asLong()).as("outlived its lease").isGreaterThanOrEqualTo(MODEL.toMillis());
            assertThat(startedOn(run)).as("started once, on one node: %s", run).containsExactly(run.path("node").asText());
            assertThat(count(run, "reclaimed")).as(run.toString()).isZero();
            assertThat(run.path("deliveries").asInt()).isEqualTo(1);
        }
        double reclaimsAfter = metric(a.metrics(), "flotilla_runs_reclaimed_total") + metric(b.metrics(), "flotilla_runs_reclaimed_total");
        assertThat(reclaimsAfter).as("no node took over a run of a live node").isEqualTo(reclaimsBefore);
    }

    @Test
    void aNodeStalledPastItsLeaseLosesItsRunAndStoresNothingOfItWhenItGoesOn() throws Exception {
        // only a can take the run
        assertThat(b.http().post("/v1/nodes/b/pause", "").status()).isEqualTo(202);
        double storedByABefore = metric(a.metrics(), "agent_requests_total");
        String id = submit(a, "stalled", "stall-1", "stall-session");
        JsonNode running = a.http().awaitRun(id, Duration.ofSeconds(20), r -> r.path("status").asText().equals("running"));
        assertThat(running.path("node").asText()).isEqualTo("a");
        Instant startedOnA = Instant.parse(running.path("started_at").asText());

        assertThat(b.http().post("/v1/nodes/b/resume", "").status()).isEqualTo(202);
        a.signal("STOP"); // a freezes mid-run: its renewals stop, its lease lapses
        try {
            JsonNode takenOver = b.http().awaitRun(id, Duration.ofSeconds(30), r -> r.path("node").asText().equals("b"));
            assertThat(NodeFleet.kinds(takenOver)).contains("reclaimed");
            assertThat(takenOver.path("status").asText()).as("still running on b: %s", takenOver).isEqualTo("running");
            // let a's model call end while a is frozen, so a wakes up with an answer it would like to store
            long wait = Duration.between(Instant.now(), startedOnA.plus(MODEL).plusMillis(300)).toMillis();
            if (wait > 0) Thread.sleep(wait); // real time must pass: the frozen model call's own clock
        } finally {
            a.signal("CONT");
        }

        JsonNode done = b.http().awaitTerminal(id, Duration.ofSeconds(30));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        assertThat(done.path("node").asText()).isEqualTo("b");
        assertThat(count(done, "succeeded")).as("one stored outcome: %s", done).isEqualTo(1);
        assertThat(startedOn(done)).as(done.toString()).containsExactly("a", "b");
        assertThat(done.path("deliveries").asInt()).isEqualTo(2);

        // a noticed (its renewal, or its store, found the lease gone), let its agent go and stored nothing:
        // no outcome counted, no second session turn
        NodeFleet.await("a giving up the run", Duration.ofSeconds(20),
                () -> metric(a.metrics(), "active_agents") == 0 && logOf("a").contains("taken over by another node"));
        assertThat(metric(a.metrics(), "agent_requests_total")).as("outcomes stored by a").isEqualTo(storedByABefore);
        assertThat(a.process().isAlive()).isTrue();
        assertThat(a.probes().get("/ready").status()).isEqualTo(200);
        JsonNode after = b.http().get("/v1/runs/" + id).json();
        assertThat(after.path("timeline")).as("nothing written after the outcome").isEqualTo(done.path("timeline"));
        try (JedisPooled r = new JedisPooled(new URI(NodeProcesses.url(redis.endpoint())))) {
            assertThat(r.llen(new Keys("default").session("stall-session"))).as("session turns").isEqualTo(1);
        }
    }

    private static String logOf(String node) {
        try {
            return Files.readString(fleet.log(node));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String submit(NodeFleet.Node via, String input, String key, String session) {
        var body = (com.fasterxml.jackson.databind.node.ObjectNode) dev.flotilla.runtime.json.Json.MAPPER.createObjectNode()
                .put("agent", "assistant").put("input", input).put("idempotency_key", key);
        if (session != null) body.put("session_id", session);
        Http.Response r = via.http().post("/v1/runs", body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().path("run_id").asText();
    }
}
