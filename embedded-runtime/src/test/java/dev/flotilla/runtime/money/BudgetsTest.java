package dev.flotilla.runtime.money;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Budgets through the API on a real node: validation, reservation before calls, refusal and downgrade, 429 at admission. */
class BudgetsTest {

    static final String VIEWER = "viewer-key-0123456789";

    @Test
    void budgetsAreCreatedListedChangedAndDeletedByAdminsAndBadOnesChangeNothing() {
        try (FleetRuntime node = TestNodes.node().apiKey(VIEWER, "dash", OperatorRole.VIEWER).build().start()) {
            Http admin = TestNodes.http(node);
            Http viewer = new Http(node.baseUrl(), VIEWER);
            String good = "{\"id\":\"team-a\",\"name\":\"Team A\",\"scope\":\"agent\",\"subject\":\"assistant\",\"limit_usd\":5,\"period\":\"day\"}";
            assertThat(viewer.post("/v1/budgets", good).status()).isEqualTo(403);
            for (String bad : List.of(
                    "{\"scope\":\"fleet\",\"limit_usd\":-1,\"period\":\"day\"}",
                    "{\"scope\":\"fleet\",\"limit_usd\":\"ten\",\"period\":\"day\"}",
                    "{\"scope\":\"fleet\",\"period\":\"day\"}",
                    "{\"scope\":\"planet\",\"limit_usd\":1,\"period\":\"day\"}",
                    "{\"scope\":\"agent\",\"limit_usd\":1,\"period\":\"day\"}",
                    "{\"scope\":\"model\",\"subject\":\"gpt\",\"limit_usd\":1,\"period\":\"day\"}",
                    "{\"scope\":\"fleet\",\"limit_usd\":1,\"period\":\"fortnight\"}",
                    "{\"scope\":\"fleet\",\"limit_usd\":1,\"period\":\"day\",\"thresholds\":[0.5,1.5]}",
                    "{\"scope\":\"fleet\",\"limit_usd\":1,\"period\":\"day\",\"thresholds\":[0]}",
                    "{\"scope\":\"fleet\",\"limit_usd\":1,\"period\":\"day\",\"action\":\"shrug\"}",
                    "[1,2]", "{")) {
                Http.Response r = admin.post("/v1/budgets", bad);
                assertThat(r.status()).as(bad).isEqualTo(400);
                assertThat(r.json().at("/error/message").asText()).as(bad).isNotBlank();
            }
            assertThat(admin.get("/v1/budgets").json().path("budgets")).isEmpty();

            Http.Response created = admin.post("/v1/budgets", good);
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().path("thresholds").toString()).isEqualTo("[0.5,0.8,1.0]");
            assertThat(created.json().path("action").asText()).isEqualTo("refuse");
            assertThat(admin.post("/v1/budgets", good).status()).isEqualTo(409);

            JsonNode listed = viewer.get("/v1/budgets").json().path("budgets").get(0);
            assertThat(listed.path("id").asText()).isEqualTo("team-a");
            assertThat(listed.path("spent_usd").asDouble()).isZero();
            assertThat(listed.path("remaining_usd").asDouble()).isEqualTo(5.0);
            assertThat(Instant.parse(listed.path("period_end").asText())).isAfter(Instant.now());

            String change = "{\"name\":\"Team A\",\"scope\":\"agent\",\"subject\":\"assistant\",\"limit_usd\":7.5,\"period\":\"month\",\"action\":\"downgrade\",\"thresholds\":[0.9]}";
            assertThat(viewer.send("PUT", "/v1/budgets/team-a", bytes(change)).status()).isEqualTo(403);
            assertThat(admin.send("PUT", "/v1/budgets/team-a", bytes("{\"scope\":\"fleet\",\"limit_usd\":0,\"period\":\"day\"}")).status()).isEqualTo(400);
            assertThat(admin.get("/v1/budgets/team-a").json().path("limit_usd").asDouble()).isEqualTo(5.0);
            Http.Response put = admin.send("PUT", "/v1/budgets/team-a", bytes(change));
            assertThat(put.status()).isEqualTo(200);
            assertThat(put.json().path("limit_usd").asDouble()).isEqualTo(7.5);
            assertThat(put.json().path("period").asText()).isEqualTo("month");
            assertThat(admin.send("PUT", "/v1/budgets/nope", bytes(change)).status()).isEqualTo(404);

            assertThat(viewer.send("DELETE", "/v1/budgets/team-a", null).status()).isEqualTo(403);
            assertThat(admin.send("DELETE", "/v1/budgets/team-a", null).status()).isEqualTo(204);
            assertThat(admin.send("DELETE", "/v1/budgets/team-a", null).status()).isEqualTo(404);
            assertThat(admin.get("/v1/budgets").json().path("budgets")).isEmpty();
        }
    }

    @Test
    void aSpentBudgetFailsRunsBudgetExceededThenRefusesSubmissionsWithRetryAfter() throws Exception {
        try (FleetRuntime node = TestNodes.node().build().start()) {
            Http http = TestNodes.http(node);
            // small reservations: short answers, at most 64 output tokens a call
            assertThat(http.send("PUT", "/v1/prices", bytes("{\"model\":\"simulated/primary\",\"input_per_mtok\":3,\"output_per_mtok\":15,"
                    + "\"max_output_tokens\":64,\"effective_from\":\"2020-01-01T00:00:00Z\"}")).status()).isEqualTo(200);
            assertThat(http.post("/v1/budgets", "{\"id\":\"fleet\",\"scope\":\"fleet\",\"limit_usd\":0.004,\"period\":\"day\"}").status()).isEqualTo(201);
            JsonNode refused = null;
            int succeeded = 0;
            for (int i = 0; i < 40 && refused == null; i++) {
                Http.Response r = http.post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"spend a little " + i + "\"}");
                if (r.status() == 429) break;
                JsonNode run = http.awaitTerminal(r.json().path("run_id").asText(), Duration.ofSeconds(20));
                if (run.path("status").asText().equals("succeeded")) succeeded++;
                else refused = run;
            }
            assertThat(succeeded).isGreaterThan(2);
            assertThat(refused).as("a run refused by the budget").isNotNull();
            assertThat(refused.at("/error/code").asText()).isEqualTo("budget_exceeded");
            assertThat(refused.at("/error/message").asText()).contains("budget fleet");
            boolean stepSaysWhy = false;
            for (JsonNode step : refused.path("timeline")) stepSaysWhy |= step.path("kind").asText().equals("budget_exceeded");
            assertThat(stepSaysWhy).isTrue();

            Http.Response admitted = http.post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"one more\"}");
            assertThat(admitted.status()).isEqualTo(429);
            assertThat(admitted.json().at("/error/code").asText()).isEqualTo("budget_exceeded");
            long retryAfter = Long.parseLong(admitted.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 86_400L);

            JsonNode budget = http.get("/v1/budgets/fleet").json();
            assertThat(budget.path("spent_usd").asDouble()).isLessThanOrEqualTo(0.004 + 0.002); // the limit and at most one call's maximum
            assertThat(budget.path("exhausted").asBoolean()).isTrue();
            String metrics = http.get("/metrics").body();
            assertThat(metrics).contains("flotilla_budget_rejections_total{budget=\"fleet\"}", "flotilla_budget_spent_usd{budget=\"fleet\"}",
                    "flotilla_budget_limit_usd{budget=\"fleet\"}", "flotilla_cost_usd_total{agent=\"assistant\",model=\"simulated/primary\"}");
            Promtool.check(metrics);

            // raising the limit opens it again at once on this node
            assertThat(http.send("PUT", "/v1/budgets/fleet", bytes("{\"scope\":\"fleet\",\"limit_usd\":1,\"period\":\"day\"}")).status()).isEqualTo(200);
            assertThat(http.post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"after the raise\"}").status()).isEqualTo(202);
        }
    }

    @Test
    void aDowngradeBudgetSendsTheStepToTheCheaperModelAndTheTimelineSaysWhy() {
        try (FleetRuntime node = TestNodes.node().build().start()) {
            Http http = TestNodes.http(node);
            assertThat(http.post("/v1/budgets", "{\"id\":\"primary\",\"scope\":\"model\",\"subject\":\"simulated/primary\","
                    + "\"limit_usd\":0.0001,\"period\":\"day\",\"action\":\"downgrade\"}").status()).isEqualTo(201);
            // the first call finds room and may pass the limit by its own maximum; the next finds none
            JsonNode first = http.awaitTerminal(http.submit("assistant", "the last one on the primary", null), Duration.ofSeconds(20));
            assertThat(first.path("model").asText()).isEqualTo("simulated/primary");
            JsonNode run = null;
            for (int i = 0; i < 20 && (run == null || run.path("model").asText().equals("simulated/primary")); i++) {
                run = http.awaitTerminal(http.submit("assistant", "too dear for the primary " + i, null), Duration.ofSeconds(20));
            }
            assertThat(run.path("status").asText()).isEqualTo("succeeded");
            assertThat(run.path("model").asText()).isEqualTo("simulated/fallback");
            assertThat(run.path("fallback_reason").asText()).startsWith("budget_downgrade");
            boolean said = false;
            for (JsonNode step : run.path("timeline")) said |= step.path("kind").asText().equals("budget_downgrade");
            assertThat(said).isTrue();
            double expected = (run.at("/usage/prompt_tokens").asInt() * 0.25 + run.at("/usage/completion_tokens").asInt() * 1.25) / 1e6;
            assertThat(run.path("cost_usd").asDouble()).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-12));
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
