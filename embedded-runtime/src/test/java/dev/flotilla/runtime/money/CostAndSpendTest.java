package dev.flotilla.runtime.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every model call is priced at the price in effect; a run carries its cost; the ledger answers /v1/spend without runs. */
class CostAndSpendTest {

    static final String VIEWER = "viewer-key-0123456789";

    @Test
    void aRunCarriesItsCostTheTimelineEachCallsAndTheLedgerSumsThem() {
        try (FleetRuntime node = TestNodes.node().apiKey(VIEWER, "dash", OperatorRole.VIEWER).build().start()) {
            Http http = TestNodes.http(node);
            List<Double> costs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                JsonNode run = http.awaitTerminal(http.submit("assistant", "what does it cost " + i, null), Duration.ofSeconds(20));
                assertThat(run.path("status").asText()).isEqualTo("succeeded");
                int in = run.at("/usage/prompt_tokens").asInt();
                int out = run.at("/usage/completion_tokens").asInt();
                double expected = (in * 3.00 + out * 15.00) / 1_000_000; // simulated/primary's shipped price
                assertThat(run.path("cost_usd").asDouble()).isCloseTo(expected, within(1e-12));
                assertThat(run.at("/usage/cached_input_tokens").isMissingNode()).isTrue(); // the simulated model caches nothing
                JsonNode cost = null;
                for (JsonNode step : run.path("timeline")) if (step.path("kind").asText().equals("cost")) cost = step;
                assertThat(cost).as("a cost step on the timeline of " + run).isNotNull();
                assertThat(cost.path("model").asText()).isEqualTo("simulated/primary");
                assertThat(cost.path("detail").asText()).startsWith(String.format(java.util.Locale.ROOT, "$%.6f", expected));
                costs.add(expected);
            }
            double total = costs.stream().mapToDouble(Double::doubleValue).sum();
            JsonNode byAgent = awaitSpend(http, "/v1/spend?group_by=agent", total);
            assertThat(byAgent.path("groups").get(0).path("key").asText()).isEqualTo("assistant");
            assertThat(byAgent.path("calls").asLong()).isEqualTo(5);
            JsonNode byModel = http.get("/v1/spend?group_by=model").json();
            assertThat(byModel.path("groups").get(0).path("key").asText()).isEqualTo("simulated/primary");
            JsonNode byKey = new Http(node.baseUrl(), VIEWER).get("/v1/spend?group_by=key").json(); // a viewer may read spend
            assertThat(byKey.path("groups").get(0).path("cost_usd").asDouble()).isCloseTo(total, within(1e-9));
            JsonNode byDay = http.get("/v1/spend?group_by=day").json();
            assertThat(byDay.path("groups")).hasSize(7);
            assertThat(byDay.path("groups").get(6).path("cost_usd").asDouble()).isCloseTo(total, within(1e-9));
            assertThat(http.get("/v1/spend?group_by=day&from=2000-01-01&to=2000-01-02").json().path("total_usd").asDouble()).isZero();

            // bad queries are 400s that name the problem
            assertThat(http.get("/v1/spend?group_by=planet").json().at("/error/code").asText()).isEqualTo("invalid_query");
            assertThat(http.get("/v1/spend?from=yesterday").status()).isEqualTo(400);
            assertThat(http.get("/v1/spend?from=2026-02-01&to=2026-01-01").status()).isEqualTo(400);
            assertThat(http.get("/v1/spend?from=2020-01-01&to=2026-01-01").status()).isEqualTo(400);
        }
    }

    @Test
    void aPriceChangeAppliesFromItsEffectiveTimeOnAndBadPricesChangeNothing() {
        try (FleetRuntime node = TestNodes.node().apiKey(VIEWER, "dash", OperatorRole.VIEWER).build().start()) {
            Http http = TestNodes.http(node);
            JsonNode before = http.awaitTerminal(http.submit("assistant", "priced before", null), Duration.ofSeconds(20));

            Http viewer = new Http(node.baseUrl(), VIEWER);
            String change = "{\"model\":\"simulated/primary\",\"input_per_mtok\":100,\"output_per_mtok\":200,\"max_output_tokens\":300}";
            assertThat(viewer.send("PUT", "/v1/prices", bytes(change)).status()).isEqualTo(403);
            for (String bad : List.of("{\"model\":\"primary\",\"input_per_mtok\":1,\"output_per_mtok\":1}",
                    "{\"model\":\"simulated/primary\",\"input_per_mtok\":-1,\"output_per_mtok\":1}",
                    "{\"model\":\"simulated/primary\",\"input_per_mtok\":\"cheap\",\"output_per_mtok\":1}",
                    "{\"model\":\"simulated/primary\",\"input_per_mtok\":1}",
                    "{\"prices\":[{\"model\":\"simulated/fallback\",\"input_per_mtok\":1,\"output_per_mtok\":1},{\"model\":\"x\"}]}",
                    "{\"model\":\"simulated/primary\",\"input_per_mtok\":1,\"output_per_mtok\":1,\"effective_from\":\"soon\"}",
                    "not json")) {
                Http.Response r = http.send("PUT", "/v1/prices", bytes(bad));
                assertThat(r.status()).as(bad).isEqualTo(400);
                assertThat(r.json().at("/error/message").asText()).isNotBlank();
            }
            JsonNode prices = http.get("/v1/prices").json().path("prices");
            for (JsonNode p : prices) assertThat(p.path("versions")).as("nothing changed: " + p).hasSize(1);

            Http.Response put = http.send("PUT", "/v1/prices", bytes(change));
            assertThat(put.status()).isEqualTo(200);
            JsonNode primary = null;
            for (JsonNode p : http.get("/v1/prices").json().path("prices")) if (p.path("model").asText().equals("simulated/primary")) primary = p;
            assertThat(primary.path("versions")).hasSize(2);
            assertThat(primary.at("/current/input_per_mtok").asDouble()).isEqualTo(100.0);
            assertThat(primary.at("/current/cached_input_per_mtok").asDouble()).isEqualTo(100.0);

            JsonNode after = http.awaitTerminal(http.submit("assistant", "priced after", null), Duration.ofSeconds(20));
            double expected = (after.at("/usage/prompt_tokens").asInt() * 100.0 + after.at("/usage/completion_tokens").asInt() * 200.0) / 1e6;
            assertThat(after.path("cost_usd").asDouble()).isCloseTo(expected, within(1e-12));
            // the earlier run keeps the cost it had
            assertThat(http.get("/v1/runs/" + before.path("run_id").asText()).json().path("cost_usd").asDouble())
                    .isEqualTo(before.path("cost_usd").asDouble());

            // a price effective tomorrow is listed but does not apply yet
            String later = "{\"model\":\"simulated/primary\",\"input_per_mtok\":1,\"output_per_mtok\":1,\"effective_from\":\""
                    + java.time.Instant.now().plus(Duration.ofDays(1)) + "\"}";
            assertThat(http.send("PUT", "/v1/prices", bytes(later)).status()).isEqualTo(200);
            JsonNode third = http.awaitTerminal(http.submit("assistant", "priced later", null), Duration.ofSeconds(20));
            double still = (third.at("/usage/prompt_tokens").asInt() * 100.0 + third.at("/usage/completion_tokens").asInt() * 200.0) / 1e6;
            assertThat(third.path("cost_usd").asDouble()).isCloseTo(still, within(1e-12));
        }
    }

    static JsonNode awaitSpend(Http http, String path, double total) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = http.get(path).json();
            if (Math.abs(last.path("total_usd").asDouble() - total) < 1e-9) return last;
            try {
                Thread.sleep(50); // the last settlements are written in the background
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("spend did not reach " + total + ": " + last);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
