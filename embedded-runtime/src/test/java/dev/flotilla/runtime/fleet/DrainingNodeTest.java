package dev.flotilla.runtime.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.store.RedisEndpoint;
import dev.flotilla.runtime.support.GatedModel;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DrainingNodeTest {

    @Test
    void aDrainingNodeRefusesNewRunsAndReportsNotReadyWhileItsRunFinishes() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.ephemeral()) {
            RedisEndpoint e = redis.endpoint();
            String url = "redis://:" + e.password() + "@" + e.host() + ":" + e.port();
            drainWhileARunIsInFlight(url);
        }
    }

    private void drainWhileARunIsInFlight(String redisUrl) throws Exception {
        GatedModel gated = new GatedModel();
        FleetRuntime node = TestNodes.node().nodeId("drainer").redisUrl(redisUrl).model(gated)
                .drainTimeout(Duration.ofSeconds(30)).build().start();
        Http http = TestNodes.http(node);
        String inFlight = http.submit("assistant", "finish me", null);
        http.awaitRun(inFlight, Duration.ofSeconds(10), r -> r.path("status").asText().equals("running"));

        CompletableFuture<Void> closing = CompletableFuture.runAsync(node::close);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!node.draining() && System.nanoTime() < deadline) Thread.onSpinWait();

        Http.Response refused = http.post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"too late\"}");
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("draining");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(http.withKey(null).get("/ready").status()).isEqualTo(503);

        gated.open(); // the run in flight finishes within the drain timeout, then the node stops
        closing.get(30, TimeUnit.SECONDS);
        try (FleetRuntime witness = TestNodes.node().nodeId("witness").redisUrl(redisUrl).build().start()) {
            var run = TestNodes.http(witness).get("/v1/runs/" + inFlight).json();
            assertThat(run.path("status").asText()).isEqualTo("succeeded");
            assertThat(run.path("node").asText()).isEqualTo("drainer");
        }
    }
}
