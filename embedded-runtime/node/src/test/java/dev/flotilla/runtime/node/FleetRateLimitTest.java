package dev.flotilla.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.NodeProcesses;
import dev.flotilla.runtime.support.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance test: three real node processes on one Redis hold one key to its limit together. */
class FleetRateLimitTest {

    private static final Pattern METRIC = Pattern.compile("flotilla_ratelimit_rejections_total\\{scope=\"key\"} (\\d+)\\.0");

    @TempDir
    Path dir;

    @Test
    void threeNodesAdmitAtMostTheKeysLimitBetweenThem() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.ephemeral()) {
            List<Process> nodes = new ArrayList<>();
            List<Http> gateways = new ArrayList<>();
            try {
                for (int i = 1; i <= 3; i++) {
                    int port = NodeProcesses.freePort();
                    Map<String, String> env = new HashMap<>(Map.of(
                            "FLOTILLA_REDIS_URL", NodeProcesses.url(redis.endpoint()), "FLOTILLA_ADMIN_KEY", TestNodes.KEY));
                    List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--host", "127.0.0.1",
                            "--node-id", "n" + i, "--pool-size", "2", "--drain-timeout-seconds", "1",
                            "--sim-latency-ms", "20", "--sim-error-rate", "0",
                            "--data-dir", Files.createDirectories(dir.resolve("n" + i)).toString()));
                    if (i == 2) { // one node configured through its environment, the others through flags
                        env.put("FLOTILLA_KEY_RATE_PER_MIN", "60");
                        env.put("FLOTILLA_KEY_BURST", "60");
                    } else {
                        args.addAll(List.of("--key-rate-per-min", "60", "--key-burst", "60"));
                    }
                    nodes.add(NodeProcesses.serve(dir.resolve("n" + i + ".log"), env, args.toArray(String[]::new)));
                    gateways.add(new Http("http://127.0.0.1:" + port, TestNodes.KEY));
                }
                for (int i = 0; i < 3; i++) NodeProcesses.awaitHealthy(gateways.get(i), nodes.get(i));

                List<Http.Response> answers = submitAtOnce(gateways, 300);

                int admitted = 0, refused = 0;
                for (Http.Response r : answers) {
                    assertThat(r.status()).as(r.body()).isIn(202, 429);
                    assertThat(r.headers().firstValue("RateLimit-Policy")).contains("\"key\";q=60;w=60;flotilla-burst=60");
                    assertThat(r.headers().firstValue("RateLimit")).hasValueSatisfying(v -> assertThat(v).matches("\"key\";r=\\d+;t=\\d+"));
                    if (r.status() == 202) {
                        admitted++;
                    } else {
                        refused++;
                        assertThat(r.json().at("/error/code").asText()).isEqualTo("rate_limited");
                        int retryAfter = Integer.parseInt(r.headers().firstValue("Retry-After").orElseThrow());
                        assertThat(retryAfter).isBetween(1, 60);
                        assertThat(r.headers().firstValue("RateLimit")).contains("\"key\";r=0;t=" + retryAfter);
                    }
                }
                assertThat(admitted).as("admitted of 300").isBetween(60, 66);
                // refusals stored nothing, and each node counted its own
                assertThat(gateways.getFirst().get("/v1/runs?limit=500").json().get("runs").size()).isEqualTo(admitted);
                int counted = 0;
                for (Http g : gateways) counted += rejectionsCounted(g.withKey(null).get("/metrics").body());
                assertThat(counted).isEqualTo(refused);
            } finally {
                nodes.forEach(Process::destroyForcibly);
                for (Process p : nodes) p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** {@code n} submissions spread over the gateways, all released at once. */
    private static List<Http.Response> submitAtOnce(List<Http> gateways, int n) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Response>> pending = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                Http gateway = gateways.get(i % gateways.size());
                String body = "{\"agent\":\"assistant\",\"input\":\"burst " + i + "\"}";
                pending.add(clients.submit(() -> {
                    go.await();
                    return gateway.post("/v1/runs", body);
                }));
            }
            go.countDown();
            List<Http.Response> out = new ArrayList<>();
            for (Future<Http.Response> f : pending) out.add(f.get(60, TimeUnit.SECONDS));
            return out;
        }
    }

    private static int rejectionsCounted(String metrics) {
        Matcher m = METRIC.matcher(metrics);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
