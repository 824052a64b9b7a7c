package dev.flotilla.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.ratelimit.RateLimit;
import dev.flotilla.runtime.ratelimit.RequestLimits;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.store.RedisEndpoint;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** POST /v1/runs under rate limits: headers on every answer, 429 with Retry-After, an event and a metric per refusal. */
class RateLimitGatewayTest {

    private static final String RUN = "{\"agent\":\"assistant\",\"input\":\"hello\"}";

    private static FleetRuntime.Builder node(String id) {
        return TestNodes.node().nodeId(id);
    }

    @Test
    void acceptedRunsCarryThePolicyAndWhatIsLeft() {
        try (FleetRuntime node = node("rl-headers").keyRateLimit(new RateLimit(1, 3)).build().start()) {
            Http http = TestNodes.http(node);
            Http.Response first = http.post("/v1/runs", RUN);
            assertThat(first.status()).isEqualTo(202);
            assertThat(first.headers().firstValue("RateLimit-Policy")).contains("\"key\";q=1;w=60;flotilla-burst=3");
            assertThat(first.headers().firstValue("RateLimit")).contains("\"key\";r=2;t=60");
            assertThat(first.headers().firstValue("Retry-After")).isEmpty();

            String again = "{\"agent\":\"assistant\",\"input\":\"once\",\"idempotency_key\":\"k1\"}";
            assertThat(http.post("/v1/runs", again).status()).isEqualTo(202);
            // a client retrying a run that exists (same idempotency key) spends nothing
            Http.Response replay = http.post("/v1/runs", again);
            assertThat(replay.status()).isEqualTo(200);
            assertThat(http.post("/v1/runs", again).status()).isEqualTo(200);
            Http.Response third = http.post("/v1/runs", RUN);
            assertThat(third.status()).isEqualTo(202);
            assertThat(third.headers().firstValue("RateLimit")).contains("\"key\";r=0;t=60");
        }
    }

    @Test
    void aRefusedRunGets429WithRetryAfterStoresNothingAndIsCounted() {
        try (FleetRuntime node = node("rl-refuse").keyRateLimit(new RateLimit(1, 2)).build().start()) {
            Http http = TestNodes.http(node);
            assertThat(http.post("/v1/runs", RUN).status()).isEqualTo(202);
            assertThat(http.post("/v1/runs", RUN).status()).isEqualTo(202);
            int stored = http.get("/v1/runs?limit=500").json().get("runs").size();

            Http.Response refused = http.post("/v1/runs", RUN);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().at("/error/code").asText()).isEqualTo("rate_limited");
            assertThat(refused.json().at("/error/message").asText()).contains("this API key").contains("1 a minute");
            assertThat(refused.body()).doesNotContain(TestNodes.KEY);
            int retryAfter = Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(55, 60);
            assertThat(refused.headers().firstValue("RateLimit-Policy")).contains("\"key\";q=1;w=60;flotilla-burst=2");
            assertThat(refused.headers().firstValue("RateLimit")).contains("\"key\";r=0;t=" + retryAfter);

            assertThat(http.get("/v1/runs?limit=500").json().get("runs").size()).isEqualTo(stored);
            assertThat(http.withKey(null).get("/metrics").body())
                    .contains("flotilla_ratelimit_rejections_total{scope=\"key\"} 1.0");
        }
    }

    @Test
    void anAgentsRefusalLeavesTheKeysTokensAlone() {
        FleetRuntime.Builder b = node("rl-agent").keyRateLimit(new RateLimit(1, 10)).agentRateLimit(new RateLimit(1, 1));
        AgentDefinition.parseList("assistant,helper", 2).forEach(b::agent);
        try (FleetRuntime node = b.build().start()) {
            Http http = TestNodes.http(node);
            Http.Response first = http.post("/v1/runs", RUN);
            assertThat(first.status()).isEqualTo(202);
            assertThat(first.headers().firstValue("RateLimit-Policy"))
                    .contains("\"key\";q=1;w=60;flotilla-burst=10, \"agent\";q=1;w=60;flotilla-burst=1");
            assertThat(first.headers().firstValue("RateLimit")).contains("\"key\";r=9;t=60, \"agent\";r=0;t=60");

            Http.Response refused = http.post("/v1/runs", RUN);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().at("/error/message").asText()).contains("agent 'assistant'");
            assertThat(refused.headers().firstValue("RateLimit")).contains("\"key\";r=9;t=60, \"agent\";r=0;t=60");

            Http.Response other = http.post("/v1/runs", "{\"agent\":\"helper\",\"input\":\"hi\"}");
            assertThat(other.status()).isEqualTo(202);
            assertThat(other.headers().firstValue("RateLimit")).contains("\"key\";r=8;t=60, \"agent\";r=0;t=60");
            assertThat(http.withKey(null).get("/metrics").body())
                    .contains("flotilla_ratelimit_rejections_total{scope=\"agent\"} 1.0");
        }
    }

    @Test
    void aRefusalIsAFleetEventNamingTheKeyByFingerprintOnly() throws Exception {
        try (FleetRuntime node = node("rl-event").keyRateLimit(new RateLimit(1, 1)).build().start()) {
            Http http = TestNodes.http(node);
            HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/events"))
                            .header("Accept", "text/event-stream").header("Authorization", "Bearer " + TestNodes.KEY).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (var events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                events.readLine(); // ": connected": the subscription is live
                http.post("/v1/runs", RUN);
                assertThat(http.post("/v1/runs", RUN).status()).isEqualTo(429);
                String seen = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                String line;
                while (seen == null && System.nanoTime() < deadline && (line = events.readLine()) != null) {
                    if (line.startsWith("data:") && line.contains("\"ratelimit.rejected\"")) seen = line;
                }
                assertThat(seen).isNotNull()
                        .contains("\"scope\":\"key\"")
                        .contains("\"subject\":\"" + RequestLimits.fingerprint(TestNodes.KEY) + "\"")
                        .contains("\"node\":\"rl-event\"")
                        .contains("\"retry_after_ms\":")
                        .doesNotContain(TestNodes.KEY);
            }
        }
    }

    @Test
    void withoutLimitsNoRateLimitFieldsAreSent() {
        try (FleetRuntime node = node("rl-none").build().start()) {
            Http.Response r = TestNodes.http(node).post("/v1/runs", RUN);
            assertThat(r.status()).isEqualTo(202);
            assertThat(r.headers().firstValue("RateLimit-Policy")).isEmpty();
            assertThat(r.headers().firstValue("RateLimit")).isEmpty();
        }
    }

    @Test
    void anUnreachableRedisIs503NotAFreePass() {
        EmbeddedRedis redis = EmbeddedRedis.ephemeral();
        RedisEndpoint e = redis.endpoint();
        try (FleetRuntime node = node("rl-outage").keyRateLimit(new RateLimit(60, 60))
                .redisUrl("redis://:" + e.password() + "@" + e.host() + ":" + e.port()).build().start()) {
            Http http = TestNodes.http(node);
            assertThat(http.post("/v1/runs", RUN).status()).isEqualTo(202);
            redis.close();
            Http.Response r = http.post("/v1/runs", RUN);
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("store_unavailable");
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
        }
    }
}
