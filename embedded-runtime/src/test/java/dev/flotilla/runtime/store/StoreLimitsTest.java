package dev.flotilla.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import dev.flotilla.runtime.support.MutableClock;
import dev.flotilla.runtime.support.RawRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node refuses new runs before its store overflows: the embedded Redis has a memory cap with
 * {@code noeviction} (at the cap, {@code 503 store_full}), and an agent's line has a most.
 * A probe once put 3,000 runs of 40 KB into a paused node's Redis without limit.
 */
class StoreLimitsTest {

    @Test
    void aFullStoreAnswers503StoreFullAndKeepsWhatItAccepted() throws InterruptedException {
        MutableClock clock = new MutableClock(Instant.now());
        try (FleetRuntime node = TestNodes.node().nodeId("full").clock(clock).redisMaxMemory(8L * 1024 * 1024).maxInputChars(50_000)
                .build().start()) {
            Http http = TestNodes.http(node);
            assertThat(http.post("/v1/nodes/full/pause", "{}").status()).isEqualTo(202); // runs stay in line
            String body = "{\"agent\":\"assistant\",\"input\":\"" + "x".repeat(40_000) + "\"}";
            List<String> accepted = new ArrayList<>();
            Http.Response refused = null;
            for (int i = 0; i < 400 && refused == null; i++) { // 16 MB: twice the cap
                Http.Response r = http.post("/v1/runs", body);
                if (r.status() == 202) accepted.add(r.json().path("run_id").asText());
                else refused = r;
            }
            assertThat(refused).as("a refusal before 400 runs of 40 KB filled 8 MB").isNotNull();
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().at("/error/code").asText()).isEqualTo("store_full");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(accepted).hasSizeGreaterThan(10);
            for (String id : List.of(accepted.getFirst(), accepted.getLast())) {
                assertThat(http.get("/v1/runs/" + id).json().path("status").asText()).as("no accepted run was evicted").isEqualTo("queued");
            }
            // well over the cap from here on (as when an operator lowers it), not hovering at its edge
            try (var raw = RawRedis.client(RedisEndpoint.parse(node.redisUrl()))) {
                raw.configSet("maxmemory", Long.toString(4L * 1024 * 1024));
            }
            assertThat(http.post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"small\"}").status()).isEqualTo(503);
            // the node beats on at the cap: after a heartbeat's silence it would be listed as lost
            clock.advance(Duration.ofSeconds(11));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            com.fasterxml.jackson.databind.JsonNode self = null;
            while (System.nanoTime() < deadline) { // polling a real server for its next heartbeat (one a second)
                self = http.get("/v1/fleet").json().at("/nodes/0");
                if (self.path("heartbeat_age_ms").asLong(Long.MAX_VALUE) < 10_000) break;
                Thread.sleep(100);
            }
            assertThat(self.path("state").asText()).as("the full node's last heartbeat: " + self).isEqualTo("paused");
            // a full store still drains: its runs are taken and finished, only new ones are refused
            assertThat(http.post("/v1/nodes/full/resume", "{}").status()).isEqualTo(202);
            for (String id : List.of(accepted.getFirst(), accepted.getLast())) {
                assertThat(http.awaitTerminal(id, Duration.ofSeconds(30)).path("status").asText()).isEqualTo("succeeded");
            }
        }
    }

    @Test
    void anAgentsLineHasAMostAndRunsBeyondItAreRefusedWith503QueueFull() {
        try (FleetRuntime node = TestNodes.node().nodeId("deep").maxQueueDepth(3).build().start()) {
            Http http = TestNodes.http(node);
            assertThat(http.post("/v1/nodes/deep/pause", "{}").status()).isEqualTo(202);
            for (int i = 0; i < 3; i++) http.submit("assistant", "waits " + i, null);
            Http.Response refused = http.post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"one too many\"}");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().at("/error/code").asText()).isEqualTo("queue_full");
            assertThat(refused.json().at("/error/message").asText()).contains("assistant", "3");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(http.get("/v1/runs?limit=10").json().path("runs")).hasSize(3); // nothing stored for it
        }
    }
}
