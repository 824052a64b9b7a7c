package dev.flotilla.runtime.money;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.money.alert.Signature;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on one Redis, many concurrent runs, one fleet budget a third of what they would cost:
 * the fleet's spend stays within the limit plus one call's maximum, every refused run says
 * budget_exceeded, and each threshold reaches a real webhook receiver once, signed, after it was
 * down for a while.
 */
class FleetBudgetTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "webhook-secret-42";

    @Test
    void aFleetBudgetHoldsAcrossNodesAndAlertsOnceEach() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        List<String> badSignatures = new CopyOnWriteArrayList<>();
        AtomicInteger failFirst = new AtomicInteger(2); // the receiver is "down" for its first two requests
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String sig = ex.getRequestHeaders().getFirst(Signature.HEADER);
            if (failFirst.getAndDecrement() > 0) {
                ex.sendResponseHeaders(503, -1);
                ex.close();
                return;
            }
            if (!Signature.of(SECRET, body).equals(sig)) badSignatures.add(sig);
            received.add(JSON.readTree(body));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try (FleetRuntime a = TestNodes.node().nodeId("node-a").poolSize(8).build().start();
             FleetRuntime b = TestNodes.node().nodeId("node-b").poolSize(8).redisUrl(a.redisUrl()).build().start();
             FleetRuntime c = TestNodes.node().nodeId("node-c").poolSize(8).redisUrl(a.redisUrl()).build().start()) {
            List<Http> nodes = List.of(TestNodes.http(a), TestNodes.http(b), TestNodes.http(c));
            Http admin = nodes.getFirst();
            assertThat(admin.send("PUT", "/v1/prices", bytes("{\"model\":\"simulated/primary\",\"input_per_mtok\":3,\"output_per_mtok\":15,"
                    + "\"max_output_tokens\":64,\"effective_from\":\"2020-01-01T00:00:00Z\"}")).status()).isEqualTo(200);
            // what one run costs, to size the budget at a third of all of them
            JsonNode probe = admin.awaitTerminal(admin.submit("assistant", "the same question, again and again", null), Duration.ofSeconds(20));
            double perRun = probe.path("cost_usd").asDouble();
            assertThat(perRun).isPositive();
            int runs = 150;
            double limit = perRun * runs / 3;
            double maxCall = (probe.at("/usage/prompt_tokens").asInt() * 3.0 + 64 * 15.0) / 1e6;

            Http.Response hook = admin.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\",\"secret\":\"" + SECRET + "\",\"events\":[\"budget.threshold\"]}");
            assertThat(hook.status()).isEqualTo(201);
            assertThat(hook.body()).doesNotContain(SECRET);
            assertThat(admin.post("/v1/budgets", "{\"id\":\"fleet\",\"scope\":\"fleet\",\"limit_usd\":" + limit + ",\"period\":\"day\"}").status())
                    .isEqualTo(201);
            // the other nodes learn of it within their refresh interval
            for (Http n : nodes) awaitBudgetKnown(n);

            ExecutorService clients = Executors.newFixedThreadPool(30);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Http via = nodes.get(i % 3);
                outcomes.add(clients.submit(() -> {
                    Http.Response r = via.post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"the same question, again and again\"}");
                    if (r.status() == 429) return "429 " + r.json().at("/error/code").asText();
                    if (r.status() != 202) return "http " + r.status();
                    JsonNode run = via.awaitTerminal(r.json().path("run_id").asText(), Duration.ofSeconds(60));
                    return run.path("status").asText().equals("succeeded") ? "succeeded" : "failed " + run.at("/error/code").asText();
                }));
            }
            ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();
            for (Future<String> f : outcomes) counts.merge(f.get(), 1, Integer::sum);
            clients.shutdown();

            assertThat(counts.keySet()).as("outcomes " + counts).allMatch(k -> k.equals("succeeded") || k.endsWith("budget_exceeded"));
            assertThat(counts.getOrDefault("succeeded", 0)).as("outcomes " + counts).isBetween(20, runs / 3 + 10);

            JsonNode budget = awaitSettled(admin);
            double spent = budget.path("spent_usd").asDouble();
            assertThat(spent).as("spent of limit " + limit).isLessThanOrEqualTo(limit + maxCall);
            assertThat(budget.path("reserved_usd").asDouble()).isLessThan(1e-9);
            double ledger = admin.get("/v1/spend?group_by=agent").json().path("total_usd").asDouble();
            assertThat(ledger).isCloseTo(spent + perRun, org.assertj.core.api.Assertions.within(1e-9)); // the probe ran before the budget

            // each threshold the spend crossed reached the webhook once, signed, although it failed at first
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int expected = (int) List.of(0.5, 0.8, 1.0).stream().filter(t -> spent >= t * limit - 1e-9).count();
            while (received.size() < expected && System.nanoTime() < deadline) Thread.sleep(100);
            Thread.sleep(1_500); // a duplicate would come within a pass or two
            assertThat(badSignatures).isEmpty();
            assertThat(received).extracting(n -> n.path("threshold").asDouble()).hasSize(expected).doesNotHaveDuplicates();
            assertThat(expected).as("thresholds crossed (the last reservations may settle below the limit)").isGreaterThanOrEqualTo(2);
            assertThat(received.getFirst().path("budget_id").asText()).isEqualTo("fleet");
            assertThat(received.getFirst().path("limit_usd").asDouble()).isEqualTo(limit);

            JsonNode alerts = admin.get("/v1/alerts").json().path("alerts");
            assertThat(alerts).hasSize(expected);
            boolean retried = false;
            for (JsonNode al : alerts) {
                JsonNode d = al.path("deliveries").get(0);
                assertThat(d.path("outcome").asText()).isEqualTo("delivered");
                retried |= d.path("attempts").asInt() > 1;
            }
            assertThat(retried).as("a delivery that failed first was retried: " + alerts).isTrue();
            String metrics = admin.get("/metrics").body();
            assertThat(metrics).contains("flotilla_budget_limit_usd{budget=\"fleet\"}").contains("flotilla_cost_usd_total{agent=\"assistant\"");
        } finally {
            receiver.stop(0);
        }
    }

    /** Polls a real node until its copy of the budgets (refreshed on its own timer) holds the fleet budget. */
    static void awaitBudgetKnown(Http n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            // the node's own copy (what its admission and model calls read), as its /metrics shows it
            if (n.get("/metrics").body().contains("flotilla_budget_limit_usd{budget=\"fleet\"}")) return;
            Thread.sleep(50);
        }
        throw new AssertionError("budget not seen");
    }

    static JsonNode awaitSettled(Http n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode b = null;
        while (System.nanoTime() < deadline) {
            b = n.get("/v1/budgets/fleet").json();
            if (b.path("reserved_usd").asDouble() < 1e-9) return b;
            Thread.sleep(50);
        }
        return b;
    }

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
