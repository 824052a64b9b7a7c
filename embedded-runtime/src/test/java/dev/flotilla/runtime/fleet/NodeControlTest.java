package dev.flotilla.runtime.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Operators steer any node of a fleet from any node's gateway: pause, drain, resume, scale. */
class NodeControlTest {

    @Test
    void aNodePausedFromAnotherNodeTakesNothingUntilResumed() throws Exception {
        try (FleetRuntime a = TestNodes.node().nodeId("a").build().start();
             FleetRuntime b = TestNodes.node().nodeId("b").redisUrl(a.redisUrl()).build().start()) {
            Http viaA = TestNodes.http(a);
            assertThat(viaA.post("/v1/nodes/b/pause", "").status()).isEqualTo(202);
            JsonNode paused = awaitNode(viaA, "b", n -> n.path("state").asText().equals("paused"));
            assertThat(paused.path("host").asText()).isNotEmpty();
            assertThat(paused.path("version").asText()).isNotEmpty();

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) ids.add(viaA.submit("assistant", "while b rests " + i, null));
            for (String id : ids) {
                JsonNode run = viaA.awaitTerminal(id, Duration.ofSeconds(20));
                assertThat(run.path("status").asText()).isEqualTo("succeeded");
                assertThat(run.path("node").asText()).as("a paused node takes no run").isEqualTo("a");
            }

            assertThat(viaA.post("/v1/nodes/b/resume", "").status()).isEqualTo(202);
            awaitNode(viaA, "b", n -> n.path("state").asText().equals("active"));
            assertThat(TestNodes.http(b).withKey(null).get("/metrics").body())
                    .as("counted by the node that changed").contains("flotilla_node_state_changes_total{state=\"paused\"} 1.0");
        }
    }

    @Test
    void aDrainedNodeRefusesNewRunsAndIsUnreadyUntilResumed() throws Exception {
        try (FleetRuntime a = TestNodes.node().nodeId("solo").build().start()) {
            Http http = TestNodes.http(a);
            Http.Response drained = http.post("/v1/nodes/solo/drain", "");
            assertThat(drained.status()).isEqualTo(202);
            assertThat(drained.json().path("requested").asText()).isEqualTo("draining");
            assertThat(a.state()).isEqualTo("draining"); // the serving node acts at once

            Http.Response refused = http.post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"hi\"}");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().path("error").path("code").asText()).isEqualTo("draining");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(http.withKey(null).get("/ready").status()).isEqualTo(503);

            assertThat(http.post("/v1/nodes/solo/resume", "").status()).isEqualTo(202);
            assertThat(http.withKey(null).get("/ready").status()).isEqualTo(200);
            String id = http.submit("assistant", "after resume", null);
            assertThat(http.awaitTerminal(id, Duration.ofSeconds(10)).path("status").asText()).isEqualTo("succeeded");
        }
    }

    @Test
    void poolsOfAnotherNodeAreScaledAndUnknownNodesAnswer404() throws Exception {
        try (FleetRuntime a = TestNodes.node().nodeId("a").build().start();
             FleetRuntime b = TestNodes.node().nodeId("b").redisUrl(a.redisUrl()).poolSize(2).build().start()) {
            Http viaA = TestNodes.http(a);
            assertThat(viaA.post("/v1/nodes/b/pools/assistant/scale", "{\"size\":7}").status()).isEqualTo(202);
            awaitNode(viaA, "b", n -> n.path("pools").path(0).path("size").asInt() == 7);
            assertThat(b.pool("assistant").size()).isEqualTo(7);

            Http.Response unknown = viaA.post("/v1/nodes/nobody/pause", "");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().path("error").path("code").asText()).isEqualTo("node_not_found");
            assertThat(viaA.post("/v1/nodes/b/pools/assistant/scale", "{\"size\":0}").status()).isEqualTo(400);
            assertThat(viaA.post("/v1/nodes/b/pools/assistant/scale", "{\"min\":5,\"max\":2}").status()).isEqualTo(400);
            assertThat(viaA.post("/v1/nodes/b/pools/nobody/scale", "{\"size\":3}").status()).isEqualTo(422);
            assertThat(b.pool("assistant").size()).as("bad input changes nothing").isEqualTo(7);
        }
    }

    @Test
    void anAgentOnlyTheTargetNodeRunsCanBeScaledThroughAnotherNode() throws Exception {
        try (FleetRuntime a = TestNodes.node().nodeId("a").build().start()) {
            FleetRuntime.Builder bb = TestNodes.node().nodeId("b").redisUrl(a.redisUrl());
            dev.flotilla.runtime.agent.AgentDefinition.parseList("assistant:2,triage:1", 2).forEach(bb::agent);
            try (FleetRuntime b = bb.build().start()) {
                Http viaA = TestNodes.http(a);
                awaitNode(viaA, "b", n -> n.path("pools").size() == 2);
                assertThat(viaA.post("/v1/nodes/b/pools/triage/scale", "{\"size\":3}").status()).isEqualTo(202);
                awaitNode(viaA, "b", n -> n.path("pools").path(1).path("size").asInt() == 3);
                assertThat(b.pool("triage").size()).isEqualTo(3);
                assertThat(viaA.post("/v1/nodes/a/pools/triage/scale", "{\"size\":3}").status())
                        .as("node a has no triage agent").isEqualTo(422);
            }
        }
    }

    @Test
    void aNodeThatStopsBeatingIsListedAsLost() throws Exception {
        try (FleetRuntime a = TestNodes.node().nodeId("a").build().start()) {
            Http http = TestNodes.http(a);
            // a node that beat 12 s ago, as a SIGKILLed process leaves it
            String beat = java.time.Instant.now().minusSeconds(12).toString();
            try (var redis = new redis.clients.jedis.JedisPooled(new java.net.URI(a.redisUrl()))) {
                redis.hset(new dev.flotilla.runtime.store.Keys("default").nodes(), "gone",
                        "{\"node_id\":\"gone\",\"state\":\"active\",\"heartbeat_at\":\"" + beat + "\",\"pools\":[]}");
            }
            JsonNode gone = awaitNode(http, "gone", n -> true);
            assertThat(gone.path("state").asText()).isEqualTo("lost");
            assertThat(gone.path("heartbeat_age_ms").asLong()).isGreaterThanOrEqualTo(12_000);
            assertThat(http.post("/v1/nodes/gone/pause", "").status()).as("a lost node cannot be steered").isEqualTo(404);
        }
    }

    private static JsonNode awaitNode(Http http, String node, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode n : http.get("/v1/fleet").json().path("nodes")) {
                if (n.path("node_id").asText().equals(node)) {
                    last = n;
                    if (condition.test(n)) return n;
                }
            }
            Thread.sleep(100); // the target node acts on its next heartbeat
        }
        throw new AssertionError("node " + node + " never matched; last seen: " + last);
    }
}
