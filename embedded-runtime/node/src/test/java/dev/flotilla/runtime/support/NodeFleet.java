package dev.flotilla.runtime.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real {@code flotilla-node serve} processes of one fleet on one Redis, for the acceptance tests
 * that kill, stop and drain nodes. Every node gets the test's admin key, a reliable simulated model
 * and its own data folder and log ({@code <id>.log} in the test's folder); {@link #close()} kills
 * whatever still runs.
 */
public final class NodeFleet implements AutoCloseable {

    /** One node process and a client of its gateway. */
    public record Node(String id, Process process, Http http) {

        /** The same gateway without a key: /health, /ready and /metrics need none. */
        public Http probes() { return http.withKey(null); }

        public String metrics() { return probes().get("/metrics").body(); }

        /** Sends a POSIX signal by name ({@code STOP}, {@code CONT}) with kill(1). */
        public void signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            assertThat(kill.waitFor()).as("kill -" + name + " " + process.pid()).isZero();
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final Path dir;
    private final String redisUrl;
    private final Map<String, Node> nodes = new LinkedHashMap<>();

    public NodeFleet(Path dir, String redisUrl) {
        this.dir = dir;
        this.redisUrl = redisUrl;
    }

    /**
     * Starts a node per id with the common flags and {@code args} (later flags win), all at once so
     * their JVMs boot together, and waits until each serves.
     */
    public List<Node> start(List<String> ids, String... args) throws IOException, InterruptedException {
        List<Node> started = new ArrayList<>();
        for (String id : ids) {
            int port = NodeProcesses.freePort();
            List<String> flags = new ArrayList<>(List.of("--port", Integer.toString(port), "--host", "127.0.0.1",
                    "--node-id", id, "--data-dir", Files.createDirectories(dir.resolve(id)).toString(),
                    "--sim-latency-spread", "0", "--sim-error-rate", "0"));
            flags.addAll(List.of(args));
            Process p = NodeProcesses.serve(dir.resolve(id + ".log"),
                    Map.of("FLOTILLA_REDIS_URL", redisUrl, "FLOTILLA_ADMIN_KEY", TestNodes.KEY), flags.toArray(String[]::new));
            Node node = new Node(id, p, new Http("http://127.0.0.1:" + port, TestNodes.KEY));
            nodes.put(id, node);
            started.add(node);
        }
        for (Node n : started) NodeProcesses.awaitHealthy(n.http(), n.process());
        return started;
    }

    public Node node(String id) {
        Node n = nodes.get(id);
        if (n == null) throw new IllegalArgumentException("no node " + id);
        return n;
    }

    public List<Node> nodes() { return List.copyOf(nodes.values()); }

    public Path log(String id) { return dir.resolve(id + ".log"); }

    @Override
    public void close() throws InterruptedException {
        for (Node n : nodes.values()) n.process().destroyForcibly();
        for (Node n : nodes.values()) n.process().waitFor(30, TimeUnit.SECONDS);
    }

    /** Polls {@code condition} every 20 ms until it holds; fails with {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            Thread.sleep(20); // polling real processes
        }
    }

    /** The sum of every sample of {@code metric} whose labels include all of {@code labels} ({@code name="value"}). */
    public static double metric(String text, String metric, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        double sum = 0;
        while (m.find()) {
            String got = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String l : labels) all &= got.contains(l);
            if (all) sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }

    /** The kinds of a run's timeline entries, in order. */
    public static List<String> kinds(JsonNode run) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : run.path("timeline")) out.add(e.path("kind").asText());
        return out;
    }

    public static long count(JsonNode run, String kind) {
        return kinds(run).stream().filter(kind::equals).count();
    }

    /** The nodes named by the run's {@code started} entries ("on n1"), in order. */
    public static List<String> startedOn(JsonNode run) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : run.path("timeline")) {
            if (e.path("kind").asText().equals("started")) out.add(e.path("detail").asText().replaceFirst("^on ", ""));
        }
        return out;
    }

    /** Every run of {@code ids}, polled through {@code http} until each satisfies {@code done}. */
    public static Map<String, JsonNode> awaitAll(Http http, List<String> ids, Duration timeout, Predicate<JsonNode> done)
            throws InterruptedException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> left = new ArrayList<>(ids);
        while (true) {
            for (var it = left.iterator(); it.hasNext(); ) {
                String id = it.next();
                JsonNode run = http.get("/v1/runs/" + id).json();
                out.put(id, run);
                if (run != null && done.test(run)) it.remove();
            }
            if (left.isEmpty()) return out;
            if (System.nanoTime() > deadline) {
                throw new AssertionError(left.size() + " of " + ids.size() + " runs not done after " + timeout
                        + "; e.g. " + out.get(left.getFirst()));
            }
            Thread.sleep(100); // polling real processes
        }
    }

    /** The body of {@code POST /v1/runs}. */
    public static String runBody(String agent, String input, String idempotencyKey) {
        return JSON.createObjectNode().put("agent", agent).put("input", input)
                .put("idempotency_key", idempotencyKey).toString();
    }

    public static boolean terminal(JsonNode run) {
        return switch (run.path("status").asText()) {
            case "succeeded", "failed", "cancelled" -> true;
            default -> false;
        };
    }
}
