package dev.flotilla.runtime.money;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.NodeFleet;
import dev.flotilla.runtime.support.NodeProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed in the middle of model calls leaves reservations against a budget; the node that
 * takes its runs over releases them (long before they would expire), and the budget ends with
 * nothing reserved and the real cost of every run spent.
 */
class BudgetTakeoverTest {

    @TempDir
    Path dir;

    @Test
    void theReservationsOfAKilledNodeAreReleasedWhenItsRunsAreTakenOver() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.ephemeral();
             NodeFleet fleet = new NodeFleet(dir, NodeProcesses.url(redis.endpoint()))) {
            // slow calls, so the victim is mid-call when it dies; a run deadline of 10 minutes, so its
            // reservations would not expire within this test: only the takeover can release them
            fleet.start(List.of("n1", "victim"), "--agents", "assistant:8", "--sim-latency-ms", "3000",
                    "--reclaim-after-seconds", "2", "--run-timeout-seconds", "600");
            Http n1 = fleet.node("n1").http();
            NodeFleet.Node victim = fleet.node("victim");
            assertThat(n1.post("/v1/budgets", "{\"id\":\"fleet\",\"scope\":\"fleet\",\"limit_usd\":100,\"period\":\"day\"}").status())
                    .isEqualTo(201);
            // the victim's own copy (refreshed on its timer), as its /metrics shows it
            NodeFleet.await("the victim knowing the budget", Duration.ofSeconds(10),
                    () -> victim.http().get("/metrics").body().contains("flotilla_budget_limit_usd{budget=\"fleet\"}"));

            // only the victim takes runs at first
            assertThat(n1.post("/v1/nodes/n1/pause", "").status()).isEqualTo(202);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) ids.add(n1.submit("assistant", "a slow question " + i, null));
            NodeFleet.await("the victim's calls reserved", Duration.ofSeconds(20),
                    () -> n1.get("/v1/budgets/fleet").json().path("reserved_usd").asDouble() > 0
                            && NodeFleet.metric(victim.metrics(), "active_agents") >= 6);
            double reservedByVictim = n1.get("/v1/budgets/fleet").json().path("reserved_usd").asDouble();

            victim.process().destroyForcibly(); // SIGKILL mid-call: no settlement, no hand-back
            assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(n1.get("/v1/budgets/fleet").json().path("reserved_usd").asDouble()).isEqualTo(reservedByVictim);
            assertThat(n1.post("/v1/nodes/n1/resume", "").status()).isEqualTo(202);

            Map<String, JsonNode> runs = NodeFleet.awaitAll(n1, ids, Duration.ofSeconds(60), NodeFleet::terminal);
            double costs = 0;
            for (JsonNode run : runs.values()) {
                assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
                assertThat(NodeFleet.count(run, "reclaimed")).as(run.toString()).isEqualTo(1);
                costs += run.path("cost_usd").asDouble();
            }
            double total = costs;
            NodeFleet.await("the budget settled", Duration.ofSeconds(10),
                    () -> n1.get("/v1/budgets/fleet").json().path("reserved_usd").asDouble() < 1e-12);
            JsonNode budget = n1.get("/v1/budgets/fleet").json();
            assertThat(budget.path("spent_usd").asDouble()).isCloseTo(total, org.assertj.core.api.Assertions.within(1e-9));
        }
    }
}
