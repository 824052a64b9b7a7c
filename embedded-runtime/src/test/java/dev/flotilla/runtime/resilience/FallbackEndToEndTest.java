package dev.flotilla.runtime.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A real node on a real (embedded) Redis, asked over HTTP, whose simulated primary model is down. */
class FallbackEndToEndTest {

    @Test
    void withThePrimaryDownARunSucceedsThroughTheFallbackAndMetricsCountIt() throws Exception {
        try (FleetRuntime node = TestNodes.node().nodeId("fallback-e2e")
                .simulatedModel("primary", TestNodes.fastModel().withErrorRate(1.0)
                        .withTimeout(Duration.ofMillis(5)).withRetryAfter(Duration.ofMillis(5)))
                .retryBackoff(Duration.ofMillis(5))
                .build().start()) {
            Http http = TestNodes.http(node);

            String id = http.submit("assistant", "hello from the test", null);
            JsonNode run = http.awaitTerminal(id, Duration.ofSeconds(20));

            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
            assertThat(run.path("output").asText()).startsWith("[simulated]").contains("hello from the test");
            assertThat(run.path("attempts").asInt()).isEqualTo(4); // 3 calls to the primary, 1 to the fallback

            String metrics = http.get("/metrics").body();
            assertThat(metrics.lines().filter(l -> l.startsWith("flotilla_model_fallbacks_total{")
                    && l.contains("from=\"simulated/primary\"") && l.contains("to=\"simulated/fallback\"")))
                    .singleElement().satisfies(l -> assertThat(Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).isEqualTo(1.0));
            assertThat(metrics).contains("flotilla_model_retries_total{model=\"primary\",provider=\"simulated\"} 2.0");

            JsonNode resilience = awaitHeartbeatWithAFallback(http);
            assertThat(resilience.path("retries").asLong()).isEqualTo(2);
            assertThat(resilience.path("breakers")).anySatisfy(b -> {
                assertThat(b.path("model").asText()).isEqualTo("primary");
                assertThat(b.path("state").asText()).isEqualTo("closed");
                // the random faults of the primary include 429s, which say nothing about its health
                assertThat(b.path("calls").asInt()).isBetween(0, 3);
                assertThat(b.path("failure_rate").asDouble()).isEqualTo(-1.0); // too few calls to judge
            });
        }
    }

    /** Heartbeats go out every second; the fleet view shows the latest. */
    private static JsonNode awaitHeartbeatWithAFallback(Http http) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode resilience = null;
        while (System.nanoTime() < deadline) {
            resilience = http.get("/v1/fleet").json().at("/nodes/0/resilience");
            if (resilience.path("fallbacks").asLong() >= 1) return resilience;
            Thread.sleep(50); // polling a real server, not timing logic
        }
        throw new AssertionError("no heartbeat showed the fallback; last: " + resilience);
    }
}
