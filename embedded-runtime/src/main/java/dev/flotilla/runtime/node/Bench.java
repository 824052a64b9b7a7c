package dev.flotilla.runtime.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.model.SimulatedModelConfig;
import dev.flotilla.runtime.redis.RedisEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flotilla-node bench}: starts a throwaway node (embedded Redis, simulated model), pushes
 * runs through the real HTTP gateway, and prints throughput and end-to-end latency next to a
 * redis-benchmark baseline on the same Redis, taken in the same run (the machines are shared).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures runs/s and submit-to-done latency of one node against a redis-benchmark baseline.")
final class Bench implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "2000", description = "Runs to push (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--concurrency", defaultValue = "32", description = "Clients submitting at once (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--pool-size", defaultValue = "32", description = "Agents in the pool (default ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(names = "--sim-latency-ms", defaultValue = "0", description = "Simulated model latency (default ${DEFAULT-VALUE}: measures the runtime itself).")
    long latencyMs;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "bench-admin-key-0123456789";

    @Override
    public Integer call() throws Exception {
        SimulatedModelConfig model = SimulatedModelConfig.defaults().withMedianLatency(Duration.ofMillis(latencyMs))
                .withLatencySpread(0).withErrorRate(0).withToolCallRate(0);
        try (FleetRuntime node = FleetRuntime.builder().nodeId("bench").adminKey(KEY).poolSize(poolSize)
                .simulatedModel(model).queueTimeout(Duration.ofMinutes(30)).build().start()) {
            HttpClient http = HttpClient.newBuilder().build();
            push(http, node, Math.min(200, runs)); // warm-up: JIT, connections
            long start = System.nanoTime();
            long[] latencies = push(http, node, runs);
            double seconds = (System.nanoTime() - start) / 1e9;
            Arrays.sort(latencies);
            System.out.printf("flotilla: %d runs, concurrency %d, pool %d, model latency %d ms%n", runs, concurrency, poolSize, latencyMs);
            System.out.printf("flotilla: %.0f runs/s; submit-to-done p50 %.1f ms, p99 %.1f ms%n", runs / seconds,
                    latencies[latencies.length / 2] / 1e6, latencies[(int) (latencies.length * 0.99)] / 1e6);
            baseline(node.redisUrl());
        }
        return 0;
    }

    private long[] push(HttpClient http, FleetRuntime node, int n) throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        List<Future<Long>> futures = new ArrayList<>(n);
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int k = i;
                slots.acquire();
                futures.add(clients.submit(() -> {
                    try {
                        return oneRun(http, node.baseUrl(), "bench run " + k);
                    } finally {
                        slots.release();
                    }
                }));
            }
            long[] out = new long[n];
            for (int i = 0; i < n; i++) out[i] = futures.get(i).get();
            return out;
        }
    }

    private static long oneRun(HttpClient http, String base, String input) throws Exception {
        long t0 = System.nanoTime();
        String body = JSON.createObjectNode().put("agent", "assistant").put("input", input).toString();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/runs"))
                .header("Authorization", "Bearer " + KEY).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) throw new IllegalStateException("submit failed: " + r.statusCode() + " " + r.body());
        String id = JSON.readTree(r.body()).get("run_id").asText();
        HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/v1/runs/" + id)).header("Authorization", "Bearer " + KEY).build();
        while (true) {
            JsonNode run = JSON.readTree(http.send(get, HttpResponse.BodyHandlers.ofString()).body());
            String status = run.path("status").asText();
            if (status.equals("succeeded")) return System.nanoTime() - t0;
            if (status.equals("failed") || status.equals("cancelled")) throw new IllegalStateException("run ended " + status + ": " + run);
            Thread.sleep(2); // poll interval of the client, as a real caller would
        }
    }

    private void baseline(String redisUrl) {
        RedisEndpoint e = RedisEndpoint.parse(redisUrl);
        try {
            // redis-benchmark takes a password only with -a (it ignores REDISCLI_AUTH); this is the
            // bench's own throwaway Redis on 127.0.0.1, gone when the bench ends
            Process p = new ProcessBuilder("redis-benchmark", "-h", e.host(), "-p", Integer.toString(e.port()), "-a", e.password(),
                    "-c", Integer.toString(concurrency), "-n", "100000", "-t", "set,get,xadd", "-q", "--csv")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            if (!out.contains("\"SET\"")) System.out.println("baseline: redis-benchmark gave no figures: " + out.strip());
            for (String line : out.split("\n")) {
                if (line.startsWith("\"SET\"") || line.startsWith("\"GET\"") || line.startsWith("\"XADD\"")) {
                    String[] f = line.replace("\"", "").split(",");
                    System.out.printf("baseline redis-benchmark %s: %s ops/s (same Redis, same run)%n", f[0], f[1]);
                }
            }
        } catch (Exception ex) {
            System.out.println("baseline: redis-benchmark not available (apt-get install redis-tools): " + ex.getMessage());
        }
    }
}
