package dev.flotilla.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.store.RedisEndpoint;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.RawRedis;
import dev.flotilla.runtime.support.TestNodes;
import dev.flotilla.runtime.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What operators do is recorded, by any node, on one chain per fleet, readable, verifiable and exportable. */
class AuditLogTest {

    static final String CHAIN = "flotilla:{default}:audit:chain";

    /** Polls the real node until its writer appended (it writes in the background), not timing logic. */
    static JsonNode awaitEntries(Http http, String query, int atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = http.get("/v1/audit" + query).json();
            if (last.get("entries").size() >= atLeast) return last;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("fewer than " + atLeast + " audit entries: " + last);
    }

    @Test
    void operatorActionsAreRecordedWithWhoAndFromWhereAndTheChainVerifies() {
        try (FleetRuntime node = TestNodes.node().nodeId("audited").build().start()) {
            Http admin = TestNodes.http(node);
            Http.Response created = admin.post("/v1/keys", "{\"name\":\"ops\",\"role\":\"operator\"}");
            String id = created.json().get("id").asText();
            Http ops = admin.withKey(created.json().get("key").asText());
            assertThat(ops.post("/v1/nodes/audited/pause", null).status()).isEqualTo(202);
            assertThat(ops.post("/v1/nodes/audited/resume", null).status()).isEqualTo(202);
            assertThat(ops.send("PUT", "/v1/demo", "{\"enabled\":true}".getBytes()).status()).isEqualTo(200);
            assertThat(ops.send("PUT", "/v1/demo", "{\"enabled\":false}".getBytes()).status()).isEqualTo(200);
            admin.post("/v1/keys/" + id + "/rotate", null);
            admin.send("DELETE", "/v1/keys/" + id, null);

            JsonNode page = awaitEntries(admin, "?limit=50", 7);
            List<String> actions = new ArrayList<>();
            page.get("entries").forEach(e -> actions.add(e.get("action").asText()));
            assertThat(actions).containsExactly("key.revoked", "key.rotated", "demo.off", "demo.on", "node.resume", "node.pause", "key.created");
            JsonNode pause = page.get("entries").get(5);
            assertThat(pause.at("/actor/key_name").asText()).isEqualTo("ops");
            assertThat(pause.at("/actor/role").asText()).isEqualTo("operator");
            assertThat(pause.at("/actor/client").asText()).isNotBlank();
            assertThat(pause.get("target").asText()).isEqualTo("audited");
            assertThat(pause.at("/details/after/state").asText()).isEqualTo("paused");
            assertThat(page.toString()).as("no secret in the log").doesNotContain(created.json().get("key").asText());

            assertThat(admin.get("/v1/audit?action=key.*").json().get("entries")).hasSize(3);
            assertThat(admin.get("/v1/audit?actor=ops").json().get("entries")).hasSize(4);
            assertThat(admin.get("/v1/audit?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z").json().get("entries")).isEmpty();
            JsonNode firstPage = admin.get("/v1/audit?limit=3").json();
            assertThat(firstPage.get("entries")).hasSize(3);
            JsonNode second = admin.get("/v1/audit?limit=3&before=" + firstPage.get("next_before").asLong()).json();
            assertThat(second.get("entries").get(0).get("seq").asLong()).isEqualTo(firstPage.get("entries").get(2).get("seq").asLong() - 1);
            assertThat(admin.get("/v1/audit?from=yesterday").status()).isEqualTo(400);

            JsonNode verdict = admin.get("/v1/audit/verify").json();
            assertThat(verdict.get("ok").asBoolean()).isTrue();
            assertThat(verdict.get("verified_through").asLong()).isEqualTo(7);
            assertThat(verdict.get("first_broken").isNull()).isTrue();

            Http.Response export = admin.get("/v1/audit/export");
            assertThat(export.headers().firstValue("Content-Type").orElse("")).contains("ndjson");
            List<String> lines = export.body().lines().toList();
            assertThat(lines).hasSize(7);
            assertThat(AuditChain.verify(lines.iterator()).ok()).isTrue();

            // a change made in Redis behind the keeper's back is found and named
            try (var redis = RawRedis.client(RedisEndpoint.parse(node.redisUrl()))) {
                redis.lset(CHAIN, 3, redis.lindex(CHAIN, 3).replace("\"outcome\":\"ok\"", "\"outcome\":\"refused\""));
            }
            JsonNode broken = admin.get("/v1/audit/verify").json();
            assertThat(broken.get("ok").asBoolean()).isFalse();
            assertThat(broken.get("first_broken").asLong()).isEqualTo(4);
            assertThat(broken.get("verified_through").asLong()).isEqualTo(3);
        }
    }

    @Test
    void twoNodesAppendToOneChainWithoutBreakingIt() throws Exception {
        try (FleetRuntime a = TestNodes.node().nodeId("node-a").build().start();
             FleetRuntime b = TestNodes.node().nodeId("node-b").redisUrl(a.redisUrl()).build().start()) {
            Http viaA = TestNodes.http(a);
            Http viaB = TestNodes.http(b);
            Thread ta = Thread.ofVirtual().start(() -> { for (int i = 0; i < 40; i++) viaA.send("PUT", "/v1/demo", "{\"enabled\":false}".getBytes()); });
            Thread tb = Thread.ofVirtual().start(() -> { for (int i = 0; i < 40; i++) viaB.send("PUT", "/v1/demo", "{\"enabled\":false}".getBytes()); });
            ta.join();
            tb.join();
            awaitEntries(viaA, "?limit=1000", 80);
            JsonNode verdict = viaB.get("/v1/audit/verify").json();
            assertThat(verdict.get("ok").asBoolean()).as(verdict.toString()).isTrue();
            assertThat(verdict.get("verified_through").asLong()).isEqualTo(80);
            List<String> targets = new ArrayList<>();
            viaA.get("/v1/audit?limit=1000").json().get("entries").forEach(e -> targets.add(e.get("target").asText()));
            assertThat(targets).contains("node-a", "node-b");
        }
    }

    @Test
    void aBurstOfFailedAuthenticationIsRecordedOnce() {
        MutableClock clock = new MutableClock(Instant.now());
        try (FleetRuntime node = TestNodes.node().nodeId("burst").clock(clock).build().start()) {
            Http wrong = TestNodes.http(node).withKey("wrong-key-0123456789");
            for (int i = 0; i < 25; i++) wrong.get("/v1/fleet");
            assertThat(TestNodes.http(node).get("/v1/fleet").status()).as("the address is throttled, valid key or not").isEqualTo(429);
            clock.advance(Duration.ofSeconds(61));
            JsonNode page = awaitEntries(TestNodes.http(node), "?action=auth.failed_burst", 1);
            assertThat(page.get("entries")).hasSize(1);
            assertThat(page.at("/entries/0/outcome").asText()).isEqualTo("throttled");
            assertThat(Json.write(page)).doesNotContain("wrong-key-0123456789");
        }
    }
}
