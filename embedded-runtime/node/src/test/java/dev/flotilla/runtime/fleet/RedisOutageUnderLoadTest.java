package dev.flotilla.runtime.fleet;

import static dev.flotilla.runtime.support.NodeFleet.count;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.NodeFleet;
import dev.flotilla.runtime.support.RedisProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test: Redis (with AOF) stopped for 10 s while a client keeps submitting to
 * two node processes. The gateways answer 503 with Retry-After quickly, the nodes live on, and once
 * Redis is back every accepted run finishes, and a client that retries with its idempotency keys
 * loses nothing and duplicates nothing.
 */
class RedisOutageUnderLoadTest {

    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final long MAX_ANSWER_MS = 2_500;

    /** One submission as the client saw it. */
    private record Attempt(String key, String node, long sentAt, long answeredAt, int status, String code,
                           String retryAfter, String runId) {
        long millis() { return TimeUnit.NANOSECONDS.toMillis(answeredAt - sentAt); }
    }

    @TempDir
    Path dir;

    @Test
    void aTenSecondOutageGets503sWithRetryAfterAndLosesNoAcceptedRun() throws Exception {
        try (RedisProcess redis = new RedisProcess(dir.resolve("redis")).start();
             NodeFleet fleet = new NodeFleet(dir, redis.url())) {
            List<NodeFleet.Node> nodes = fleet.start(List.of("o1", "o2"), "--pool-size", "16",
                    "--sim-latency-ms", "300", "--reclaim-after-seconds", "2", "--drain-timeout-seconds", "1");
            List<Attempt> attempts = new CopyOnWriteArrayList<>();
            Thread client = Thread.ofVirtual().name("client").start(() -> submitUntilInterrupted(nodes, attempts));
            try {
                NodeFleet.await("runs accepted before the outage", Duration.ofSeconds(30), () -> accepted(attempts, a -> true) >= 20);

                redis.stop(); // graceful: Redis writes its AOF and exits
                long down = System.nanoTime();
                int readyChecks = 0;
                while (System.nanoTime() - down < OUTAGE.toNanos()) { // real time must pass: the outage itself
                    for (NodeFleet.Node n : nodes) {
                        assertThat(n.process().isAlive()).as(n.id() + " alive during the outage").isTrue();
                        Http.Response ready = n.probes().get("/ready");
                        assertThat(ready.status()).as(n.id() + " /ready during the outage: " + ready.body()).isEqualTo(503);
                        assertThat(ready.json().at("/checks/redis").asText()).isEqualTo("unhealthy");
                        assertThat(ready.headers().firstValue("Retry-After")).isPresent();
                        assertThat(n.probes().get("/health").status()).isEqualTo(200);
                        readyChecks++;
                    }
                    Thread.sleep(500);
                }
                long upAgain = System.nanoTime();
                redis.start(); // same port, same folder: the AOF brings every stored run back
                long up = System.nanoTime();

                NodeFleet.await("submissions accepted again on both nodes", Duration.ofSeconds(30),
                        () -> nodes.stream().allMatch(n -> accepted(attempts, a -> a.sentAt() > up && a.node().equals(n.id())) >= 5));
                client.interrupt();
                client.join(Duration.ofSeconds(30));

                List<Attempt> all = List.copyOf(attempts);
                List<Attempt> duringOutage = all.stream().filter(a -> a.sentAt() > down && a.answeredAt() < upAgain).toList();
                assertThat(readyChecks).isGreaterThanOrEqualTo(2 * 5);
                assertThat(duringOutage).as("submissions during the outage").hasSizeGreaterThanOrEqualTo(50);
                for (Attempt a : duringOutage) {
                    assertThat(a.status()).as("during the outage: %s", a).isEqualTo(503);
                }
                for (Attempt a : all) {
                    assertThat(a.status()).as(a.toString()).isIn(202, 503);
                    if (a.status() == 503) {
                        assertThat(a.code()).as(a.toString()).isEqualTo("store_unavailable");
                        assertThat(a.retryAfter()).as(a.toString()).isNotNull();
                        assertThat(Integer.parseInt(a.retryAfter())).isPositive();
                    }
                }
                long slowest = all.stream().mapToLong(Attempt::millis).max().orElseThrow();
                System.out.printf("outage: %d submissions (%d during the outage, %d refused in all), slowest answer %d ms%n",
                        all.size(), duringOutage.size(), all.stream().filter(a -> a.status() == 503).count(), slowest);
                assertThat(slowest).as("slowest answer (ms), before, during or after the outage").isLessThanOrEqualTo(MAX_ANSWER_MS);
                for (NodeFleet.Node n : nodes) assertThat(n.process().isAlive()).as(n.id() + " alive").isTrue();

                // every accepted run finishes, once
                Http viaO1 = nodes.getFirst().http();
                List<String> acceptedIds = all.stream().filter(a -> a.status() == 202).map(Attempt::runId).toList();
                for (JsonNode run : NodeFleet.awaitAll(viaO1, acceptedIds, Duration.ofSeconds(60), NodeFleet::terminal).values()) {
                    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
                    assertThat(count(run, "succeeded")).as(run.toString()).isEqualTo(1);
                }

                // a client that retries its refused submissions with their keys gets each run once: a 503
                // stored nothing, or (answered just as Redis went away) stored the run it now finds again
                Set<String> refusedKeys = new HashSet<>();
                all.stream().filter(a -> a.status() == 503).forEach(a -> refusedKeys.add(a.key()));
                List<String> retriedIds = new ArrayList<>();
                for (String key : refusedKeys) {
                    Http.Response r = viaO1.post("/v1/runs", NodeFleet.runBody("assistant", "steady " + key, key));
                    assertThat(r.status()).as(r.body()).isIn(200, 202);
                    retriedIds.add(r.json().path("run_id").asText());
                }
                Map<String, JsonNode> retried = NodeFleet.awaitAll(viaO1, retriedIds, Duration.ofSeconds(60), NodeFleet::terminal);
                for (JsonNode run : retried.values()) {
                    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
                    assertThat(count(run, "succeeded")).as(run.toString()).isEqualTo(1);
                }
                Set<String> distinct = new HashSet<>(acceptedIds);
                distinct.addAll(retriedIds);
                assertThat(distinct).as("one run per idempotency key").hasSize(acceptedIds.size() + refusedKeys.size());
                JsonNode listed = viaO1.get("/v1/runs?limit=500").json().path("runs");
                assertThat(listed.size()).as("runs stored").isEqualTo(Math.min(500, distinct.size()));
            } finally {
                client.interrupt();
            }
        }
    }

    private static long accepted(List<Attempt> attempts, Predicate<Attempt> which) {
        return attempts.stream().filter(a -> a.status() == 202 && which.test(a)).count();
    }

    /** Every 30 ms a run with a fresh idempotency key, alternating between the nodes, until interrupted. */
    private static void submitUntilInterrupted(List<NodeFleet.Node> nodes, List<Attempt> attempts) {
        for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
            NodeFleet.Node n = nodes.get(i % nodes.size());
            String key = "steady-" + i;
            long sent = System.nanoTime();
            try {
                Http.Response r = n.http().post("/v1/runs", NodeFleet.runBody("assistant", "steady " + key, key));
                long answered = System.nanoTime();
                attempts.add(new Attempt(key, n.id(), sent, answered, r.status(),
                        r.json() == null ? null : r.json().at("/error/code").asText(null),
                        r.headers().firstValue("Retry-After").orElse(null),
                        r.status() == 202 ? r.json().path("run_id").asText() : null));
            } catch (java.io.UncheckedIOException noAnswer) {
                attempts.add(new Attempt(key, n.id(), sent, System.nanoTime(), 0, String.valueOf(noAnswer.getCause()), null, null));
            } catch (IllegalStateException interrupted) {
                return; // Http wraps an interrupt this way
            }
            try {
                Thread.sleep(30); // the client's pace
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
