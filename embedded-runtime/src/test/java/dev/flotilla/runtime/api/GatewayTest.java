package dev.flotilla.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GatewayTest {

    static FleetRuntime node;
    static Http http;

    @BeforeAll
    static void start() {
        node = TestNodes.node().nodeId("gw").maxInputChars(10_000).build().start();
        http = TestNodes.http(node);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static Stream<Arguments> badBodies() {
        String deep = "{\"agent\":\"assistant\",\"input\":\"x\",\"metadata\":" + "[".repeat(100) + "]".repeat(100) + "}";
        return Stream.of(
                Arguments.of("empty body", "".getBytes(), 400, "invalid_json"),
                Arguments.of("not JSON", "hello".getBytes(), 400, "invalid_json"),
                Arguments.of("truncated JSON", "{\"agent\":\"assistant\",".getBytes(), 400, "invalid_json"),
                Arguments.of("a JSON array", "[1,2]".getBytes(), 400, "invalid_json"),
                Arguments.of("trailing garbage", "{\"agent\":\"assistant\",\"input\":\"x\"} {}".getBytes(), 400, "invalid_json"),
                Arguments.of("duplicate field", "{\"agent\":\"assistant\",\"input\":\"x\",\"input\":\"y\"}".getBytes(), 400, "invalid_json"),
                Arguments.of("empty input", json("assistant", "\"\""), 400, "invalid_field"),
                Arguments.of("blank input", json("assistant", "\"   \\n\\t \""), 400, "invalid_field"),
                Arguments.of("missing input", "{\"agent\":\"assistant\"}".getBytes(), 400, "invalid_field"),
                Arguments.of("missing agent", "{\"input\":\"hi\"}".getBytes(), 400, "invalid_field"),
                Arguments.of("input over the limit", json("assistant", "\"" + "a".repeat(10_001) + "\""), 400, "input_too_long"),
                Arguments.of("input a number", json("assistant", "42"), 400, "invalid_field"),
                Arguments.of("input an object", json("assistant", "{\"a\":1}"), 400, "invalid_field"),
                Arguments.of("agent a number", "{\"agent\":7,\"input\":\"hi\"}".getBytes(), 400, "invalid_field"),
                Arguments.of("agent with bad characters", "{\"agent\":\"../etc\",\"input\":\"hi\"}".getBytes(), 400, "invalid_field"),
                Arguments.of("unknown agent", json("nobody", "\"hi\""), 422, "unknown_agent"),
                Arguments.of("unknown field", "{\"agent\":\"assistant\",\"input\":\"hi\",\"admin\":true}".getBytes(), 400, "invalid_field"),
                Arguments.of("session id a list", "{\"agent\":\"assistant\",\"input\":\"hi\",\"session_id\":[1]}".getBytes(), 400, "invalid_field"),
                Arguments.of("session id too long", ("{\"agent\":\"assistant\",\"input\":\"hi\",\"session_id\":\"" + "s".repeat(129) + "\"}").getBytes(), 400, "invalid_field"),
                Arguments.of("idempotency key too long", ("{\"agent\":\"assistant\",\"input\":\"hi\",\"idempotency_key\":\"" + "k".repeat(201) + "\"}").getBytes(), 400, "invalid_field"),
                Arguments.of("metadata value a number", "{\"agent\":\"assistant\",\"input\":\"hi\",\"metadata\":{\"a\":1}}".getBytes(), 400, "invalid_field"),
                Arguments.of("metadata value oversized", ("{\"agent\":\"assistant\",\"input\":\"hi\",\"metadata\":{\"a\":\"" + "v".repeat(257) + "\"}}").getBytes(), 400, "invalid_field"),
                Arguments.of("deep nesting", deep.getBytes(), 400, "limit_exceeded"),
                Arguments.of("a huge string", ("{\"agent\":\"assistant\",\"input\":\"" + "c".repeat(30_000) + "\"}").getBytes(), 400, "limit_exceeded"),
                Arguments.of("invalid UTF-8", concat("{\"agent\":\"assistant\",\"input\":\"".getBytes(), new byte[] {(byte) 0xC3, (byte) 0x28}, "\"}".getBytes()), 400, "invalid_json"),
                Arguments.of("lone surrogate escape", json("assistant", "\"\\ud800 hi\""), 400, "invalid_field"),
                Arguments.of("NUL character", json("assistant", "\"a\\u0000b\""), 400, "invalid_field"),
                Arguments.of("oversized body", json("assistant", "\"" + "b".repeat(200_000) + "\""), 413, "payload_too_large"));
    }

    @ParameterizedTest(name = "{0} gets {2} {3} and stores nothing")
    @MethodSource("badBodies")
    void badInputGetsA4xxJsonErrorAndStoresNothing(String name, byte[] body, int status, String code) {
        int before = http.get("/v1/runs?limit=500").json().get("runs").size();
        Http.Response r = http.send("POST", "/v1/runs", body);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().at("/error/code").asText()).isEqualTo(code);
        assertThat(r.json().at("/error/message").asText()).isNotBlank();
        assertThat(http.get("/v1/runs?limit=500").json().get("runs").size()).isEqualTo(before);
    }

    @Test
    void aValidRunSucceedsWithOutputUsageAndTimings() {
        String id = http.submit("assistant", "Say hello to the fleet", null);
        JsonNode run = http.awaitTerminal(id, Duration.ofSeconds(20));
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("output").asText()).contains("[simulated]").contains("Say hello to the fleet");
        assertThat(run.at("/usage/total_tokens").asInt()).isPositive();
        assertThat(run.path("node").asText()).isEqualTo("gw");
        assertThat(run.path("attempts").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(run.path("model").asText()).as("the model that answered").isEqualTo("simulated/primary");
        assertThat(run.has("started_at") && run.has("finished_at") && run.has("duration_ms")).isTrue();
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameRun() {
        String body = "{\"agent\":\"assistant\",\"input\":\"once only\",\"idempotency_key\":\"order-42\"}";
        Http.Response first = http.post("/v1/runs", body);
        Http.Response second = http.post("/v1/runs", body);
        assertThat(first.status()).isEqualTo(202);
        assertThat(first.json().get("status").asText()).isEqualTo("queued"); // as accepted, however fast an agent is
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("run_id").asText()).isEqualTo(first.json().get("run_id").asText());
        long withKey = 0;
        for (JsonNode r : http.get("/v1/runs?limit=500").json().get("runs")) {
            if ("order-42".equals(r.path("idempotency_key").asText(null))) withKey++;
        }
        assertThat(withKey).isEqualTo(1);
    }

    @Test
    void noKeyOrAWrongKeyGets401() {
        Http.Response none = http.withKey(null).post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"hi\"}");
        Http.Response wrong = http.withKey("not-the-key-at-all-123").get("/v1/fleet");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().at("/error/code").asText()).isEqualTo("unauthorized");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().at("/error/code").asText()).isEqualTo("unauthorized");
        assertThat(http.withKey(null).get("/health").status()).isEqualTo(200);
    }

    @Test
    void unknownRunsAndBadQueriesAre4xx() {
        assertThat(http.get("/v1/runs/run_nope").status()).isEqualTo(404);
        assertThat(http.get("/v1/runs?status=exploded").status()).isEqualTo(400);
        assertThat(http.get("/v1/runs?limit=0").status()).isEqualTo(400);
        assertThat(http.get("/v1/runs?limit=abc").json().at("/error/code").asText()).isEqualTo("invalid_query");
        assertThat(http.post("/v1/runs/run_nope/cancel", null).status()).isEqualTo(404);
        assertThat(http.get("/v1/nothing-here").status()).isEqualTo(404);
    }

    @Test
    void aFinishedRunCannotBeCancelled() {
        String id = http.submit("assistant", "finish first", null);
        http.awaitTerminal(id, Duration.ofSeconds(20));
        Http.Response r = http.post("/v1/runs/" + id + "/cancel", null);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("run_finished");
    }

    @Test
    void scalingValidatesItsBody() {
        assertThat(http.post("/v1/pools/assistant/scale", "{\"size\":0}").status()).isEqualTo(400);
        assertThat(http.post("/v1/pools/assistant/scale", "{\"size\":\"big\"}").status()).isEqualTo(400);
        assertThat(http.post("/v1/pools/ghost/scale", "{\"size\":2}").status()).isEqualTo(422);
        Http.Response ok = http.post("/v1/pools/assistant/scale", "{\"size\":5}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("size").asInt()).isEqualTo(5);
        assertThat(ok.json().get("served_by").asText()).isEqualTo("gw");
        assertThat(http.get("/v1/fleet").json().get("served_by").asText()).isEqualTo("gw");
        JsonNode pool = http.get("/v1/fleet").json().at("/nodes/0/pools/0");
        assertThat(pool.get("size").asInt()).isEqualTo(5);
        http.post("/v1/pools/assistant/scale", "{\"size\":4}");
    }

    @Test
    void readinessReportsEachDependency() {
        Http.Response r = http.withKey(null).get("/ready");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("healthy");
        assertThat(r.json().at("/checks/redis").asText()).isEqualTo("healthy");
    }

    @Test
    void eventsStreamCarriesRunLifecycleOverSse() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/events"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + TestNodes.KEY).build();
        HttpResponse<java.io.InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.statusCode()).isEqualTo(200);
        try (var reader = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).startsWith(":"); // the connected comment: subscription is live
            String id = http.submit("assistant", "stream me", null);
            boolean sawSucceeded = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String line;
            while (!sawSucceeded && System.nanoTime() < deadline && (line = reader.readLine()) != null) {
                if (line.startsWith("data:") && line.contains(id) && line.contains("\"run.succeeded\"")) sawSucceeded = true;
            }
            assertThat(sawSucceeded).isTrue();
        }
    }

    @Test
    void anEventStreamWithoutTheSseAcceptHeaderIsRefusedClearly() {
        Http.Response r = http.get("/v1/events");
        assertThat(r.status()).isEqualTo(406);
        assertThat(r.json().at("/error/message").asText()).contains("text/event-stream");
    }

    @Test
    void theInputLimitCountsCharactersNotUtf16Units() {
        String emoji = "\uD83D\uDEA2"; // one character, two UTF-16 units
        String atLimit = "{\"agent\":\"assistant\",\"input\":\"" + emoji.repeat(10_000) + "\"}";
        String over = "{\"agent\":\"assistant\",\"input\":\"" + emoji.repeat(10_001) + "\"}";
        assertThat(http.post("/v1/runs", atLimit).status()).isEqualTo(202);
        assertThat(http.post("/v1/runs", over).json().at("/error/code").asText()).isEqualTo("input_too_long");
    }

    @Test
    void aRunsOwnEventStreamFollowsOnlyThatRun() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest unknown = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/runs/run_nope/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + TestNodes.KEY).build();
        assertThat(client.send(unknown, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

        String body = "{\"agent\":\"assistant\",\"input\":\"follow me\"}";
        String id = http.post("/v1/runs", body).json().get("run_id").asText();
        HttpRequest req = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/runs/" + id + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + TestNodes.KEY).build();
        HttpResponse<java.io.InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.statusCode()).isEqualTo(200);
        http.submit("assistant", "someone else's run", null);
        try (var reader = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String line;
            boolean done = false;
            while (!done && System.nanoTime() < deadline && (line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    assertThat(line).contains(id);
                    done = line.contains("\"run.succeeded\"");
                }
            }
            // it may have finished before the stream opened; then its record says so
            assertThat(done || http.get("/v1/runs/" + id).json().path("status").asText().equals("succeeded")).isTrue();
        }
    }

    @Test
    void metricsAreValidPrometheusText() throws Exception {
        String id = http.submit("assistant", "count me", null);
        http.awaitTerminal(id, Duration.ofSeconds(20));
        String text = http.withKey(null).get("/metrics").body();
        assertThat(text).contains("agent_requests_total{agent=\"assistant\",status=\"succeeded\"}")
                .contains("agent_latency_seconds_bucket").contains("active_agents").contains("queue_depth");
        Path promtool = Stream.of(System.getenv("PATH").split(":")).map(p -> Path.of(p, "promtool"))
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(promtool != null, "promtool not installed (CI installs it: apt-get install prometheus)");
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private static byte[] json(String agent, String inputJson) {
        return ("{\"agent\":\"" + agent + "\",\"input\":" + inputJson + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
