package dev.flotilla.runtime.node;

import dev.flotilla.runtime.store.RedisEndpoint;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.StreamEntryID;

/**
 * How many runs per second Redis alone could carry. Two steps on the bench's own Redis:
 *
 * <ol>
 *   <li>{@link #count}: the Redis commands one run needs. {@code INFO commandstats} deltas over a
 *   batch of runs give every command executed, including those inside Lua scripts; MONITOR, which
 *   marks script commands {@code [lua]}, splits them into client round trips and in-script calls. An
 *   idle window before the batch measures the background (heartbeats, idle queue reads), which is
 *   subtracted.</li>
 *   <li>{@link #bound}: redis-benchmark measures, on the same server, the throughput of a
 *   representative of each round-trip command; Redis runs commands on one thread, so one run costs
 *   {@code sum(n_c / ops_c)} seconds of it, and the bound is {@code 1 / sum(n_c / ops_c)}
 *   (equivalently: the weighted harmonic mean of the commands' ops/s, divided by the round trips per run).</li>
 * </ol>
 */
final class RedisBound {

    /** Commands of the bench itself or of connection set-up, never of a run. */
    private static final Set<String> NOT_RUNS = Set.of("info", "echo", "config", "client", "hello", "auth", "monitor",
            "command", "select");

    /** Per run: client round trips and calls inside scripts by command, plus server time per call (commandstats, µs). */
    record Counts(int runs, double seconds, Map<String, Double> roundTrips, Map<String, Double> inScripts,
                  Map<String, Double> usecPerCall, Map<String, Double> statsCalls) {
        double totalRoundTrips() { return roundTrips.values().stream().mapToDouble(Double::doubleValue).sum(); }
    }

    /** The bound, and what went into it; {@code runsPerSecond} NaN when it could not be measured ({@code why}). */
    record Result(double runsPerSecond, double serverCpuBound, String why) {}

    private final RedisEndpoint endpoint;
    private final PrintWriter out;

    RedisBound(RedisEndpoint endpoint, PrintWriter out) {
        this.endpoint = endpoint;
        this.out = out;
    }

    private Jedis connect(int timeoutMs) {
        return new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), DefaultJedisClientConfig.builder()
                .password(endpoint.password()).socketTimeoutMillis(timeoutMs).clientName("flotilla-bench").build());
    }

    /** A batch of runs to count; returns how many ran. */
    @FunctionalInterface
    interface Workload {
        int run() throws Exception;
    }

    /**
     * Counts the commands per run of {@code workload}, run twice: once under MONITOR, after an idle
     * window of {@code idleMs} that measures the background, for the split into round trips and
     * script calls; once without, for commandstats (MONITOR would slow every command it sees).
     */
    Counts count(Workload workload, long idleMs) throws Exception {
        AtomicReference<Map<String, LongAdder>[]> bucket = new AtomicReference<>();
        @SuppressWarnings("unchecked") Map<String, LongAdder>[] idle = new Map[] {new ConcurrentHashMap<>(), new ConcurrentHashMap<>()};
        @SuppressWarnings("unchecked") Map<String, LongAdder>[] busy = new Map[] {new ConcurrentHashMap<>(), new ConcurrentHashMap<>()};
        Jedis monitor = connect(0);
        java.util.concurrent.CountDownLatch watching = new java.util.concurrent.CountDownLatch(1);
        Thread watcher = Thread.ofVirtual().name("bench-monitor").start(() -> {
            try {
                monitor.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String line) {
                        String name = commandName(line);
                        if (name == null) return;
                        if (name.equals("echo") && line.contains("bench-monitor-marker")) watching.countDown();
                        Map<String, LongAdder>[] b = bucket.get();
                        if (b == null || NOT_RUNS.contains(name)) return;
                        boolean lua = line.contains(" lua]");
                        b[lua ? 1 : 0].computeIfAbsent(name, k -> new LongAdder()).increment();
                    }
                });
            } catch (RuntimeException e) {
                // closed at the end of counting
            }
        });
        try (Jedis admin = connect(10_000)) {
            long markerDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (watching.getCount() > 0 && System.nanoTime() < markerDeadline) {
                admin.echo("bench-monitor-marker");
                watching.await(50, TimeUnit.MILLISECONDS);
            }
            if (watching.getCount() > 0) throw new IllegalStateException("MONITOR did not start on the bench's Redis");
            bucket.set(idle);
            long i0 = System.nanoTime();
            Thread.sleep(idleMs);
            double idleSeconds = (System.nanoTime() - i0) / 1e9;
            bucket.set(busy);
            long t0 = System.nanoTime();
            int runs = workload.run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            bucket.set(null);
            monitor.close(); // ends MONITOR
            watcher.join(2_000);
            double scale = seconds / idleSeconds;
            Map<String, Double> roundTrips = perRun(busy[0], idle[0], scale, runs);
            Map<String, Double> inScripts = perRun(busy[1], idle[1], scale, runs);

            Map<String, long[]> before = commandStats(admin);
            int statsRuns = workload.run();
            Map<String, long[]> after = commandStats(admin);
            Map<String, Double> usec = new TreeMap<>();
            Map<String, Double> statsCalls = new TreeMap<>();
            after.forEach((name, a) -> {
                long[] b = before.getOrDefault(name, new long[2]);
                long calls = a[0] - b[0];
                if (calls > 0 && !NOT_RUNS.contains(name)) {
                    usec.put(name, (a[1] - b[1]) / (double) calls);
                    statsCalls.put(name, calls / (double) statsRuns);
                }
            });
            return new Counts(runs, seconds, roundTrips, inScripts, usec, statsCalls);
        } finally {
            bucket.set(null);
            monitor.close(); // ends MONITOR
            watcher.join(2_000);
        }
    }

    private static Map<String, Double> perRun(Map<String, LongAdder> busy, Map<String, LongAdder> idle, double scale, int runs) {
        Map<String, Double> out = new TreeMap<>();
        busy.forEach((name, n) -> {
            double background = idle.containsKey(name) ? idle.get(name).sum() * scale : 0;
            double v = Math.max(0, n.sum() - background) / runs;
            if (v >= 0.005) out.put(name, v);
        });
        return out;
    }

    /** {@code 1700000000.123456 [0 127.0.0.1:53012] "xreadgroup" "GROUP" ...} to {@code xreadgroup}. */
    static String commandName(String line) {
        int bracket = line.indexOf("] \"");
        if (bracket < 0) return null;
        int start = bracket + 3;
        int end = line.indexOf('"', start);
        return end < 0 ? null : line.substring(start, end).toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code cmdstat_get:calls=10,usec=20,...} to name → {calls, usec}; subcommands fold into their command. */
    private static Map<String, long[]> commandStats(Jedis admin) {
        Map<String, long[]> out = new HashMap<>();
        for (String line : admin.info("commandstats").split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) continue;
            int colon = line.indexOf(':');
            String name = line.substring("cmdstat_".length(), colon).toLowerCase(java.util.Locale.ROOT);
            int bar = name.indexOf('|');
            if (bar >= 0) name = name.substring(0, bar);
            long calls = 0;
            long usec = 0;
            for (String kv : line.substring(colon + 1).split(",")) {
                String[] p = kv.split("=", 2);
                if (p[0].equals("calls")) calls = Long.parseLong(p[1]);
                if (p[0].equals("usec")) usec = Long.parseLong(p[1]);
            }
            long[] acc = out.computeIfAbsent(name, k -> new long[2]);
            acc[0] += calls;
            acc[1] += usec;
        }
        return out;
    }

    /** Prints the per-run table of {@code c}. */
    void print(Counts c) {
        out.printf("redis: %d runs in %.1f s under MONITOR; per run (round trips and script calls: background subtracted; "
                + "commandstats, from a second batch without MONITOR: all calls, script calls included, background not subtracted):%n",
                c.runs(), c.seconds());
        out.printf("  %-18s %12s %12s %14s %12s%n", "command", "round trips", "in scripts", "commandstats", "µs/call");
        Set<String> names = new java.util.TreeSet<>(c.roundTrips().keySet());
        names.addAll(c.inScripts().keySet());
        for (String n : names) {
            out.printf("  %-18s %12.2f %12.2f %14.2f %12.2f%n", n, c.roundTrips().getOrDefault(n, 0.0), c.inScripts().getOrDefault(n, 0.0),
                    c.statsCalls().getOrDefault(n, 0.0), c.usecPerCall().getOrDefault(n, 0.0));
        }
        out.printf("  round trips per run: %.2f%n", c.totalRoundTrips());
    }

    /** Runs redis-benchmark for each round-trip command of {@code c} and computes the bound. */
    Result bound(Counts c, int requests, int clients) throws Exception {
        double cpuSum = 0;
        for (var e : c.roundTrips().entrySet()) cpuSum += e.getValue() * c.usecPerCall().getOrDefault(e.getKey(), 0.0);
        double cpuBound = cpuSum > 0 ? 1e6 / cpuSum : Double.NaN;
        Path binary = findBenchmark();
        if (binary == null) {
            return new Result(Double.NaN, cpuBound, "redis-benchmark not found (/usr/bin/redis-benchmark or on PATH; apt-get install redis-tools)");
        }
        prepare();
        JedisPubSub subscriber = new JedisPubSub() {};
        Jedis subscription = connect(0);
        // one subscriber on the channel, as one node listens to the fleet's events
        Thread listener = Thread.ofVirtual().name("bench-subscriber").start(() -> {
            try {
                subscription.subscribe(subscriber, "bench:events");
            } catch (RuntimeException e) {
                // closed at the end
            }
        });
        try {
            Map<String, Double> ops = new LinkedHashMap<>();
            Map<String, Double> raw = new LinkedHashMap<>();
            List<String> names = new ArrayList<>(c.roundTrips().keySet());
            // XREADGROUP needs entries to deliver: the XADD benchmark puts them in first
            if (names.remove("xadd") || names.contains("xreadgroup")) names.addFirst("xadd");
            out.printf("redis-benchmark (%s): -c %d -n %d -P 1, on the bench's Redis, one stand-in per command;%n", binary, clients, requests);
            out.printf("  adjusted = 1 / (1 / measured + (µs/call of the run's own calls - µs/call of the stand-in) / 1e6):%n");
            out.printf("  %-12s %12s %12s %12s %12s   %s%n", "command", "measured", "stand-in µs", "run's µs", "adjusted", "stand-in");
            try (Jedis admin = connect(10_000)) {
                for (String name : names) {
                    List<String> command = representative(name);
                    String statName = command.getFirst().toLowerCase(java.util.Locale.ROOT);
                    long[] before = commandStats(admin).getOrDefault(statName, new long[2]);
                    double rps = runBenchmark(binary, requests, clients, command);
                    long[] after = commandStats(admin).getOrDefault(statName, new long[2]);
                    if (Double.isNaN(rps)) return new Result(Double.NaN, cpuBound, "redis-benchmark gave no figure for " + name);
                    if (!c.roundTrips().containsKey(name)) continue;
                    double standIn = after[0] > before[0] ? (after[1] - before[1]) / (double) (after[0] - before[0]) : 0;
                    double own = c.usecPerCall().getOrDefault(name, standIn);
                    // the stand-in's round trip as measured, plus the extra time the run's own command spends executing
                    double adjusted = 1 / (1 / rps + Math.max(0, own - standIn) / 1e6);
                    raw.put(name, rps);
                    ops.put(name, adjusted);
                    out.printf("  %-12s %12.0f %12.2f %12.2f %12.0f   %s%n", name, rps, standIn, own, adjusted,
                            abbreviate(String.join(" ", command), 60));
                }
            }
            double sum = 0;
            double rawSum = 0;
            for (var e : c.roundTrips().entrySet()) {
                sum += e.getValue() / ops.get(e.getKey());
                rawSum += e.getValue() / raw.get(e.getKey());
            }
            double bound = 1 / sum;
            double mix = c.totalRoundTrips() / sum;
            out.printf("redis: bound = 1 / sum over commands c (round trips per run of c / adjusted ops/s of c) = %.0f runs/s%n", bound);
            out.printf("redis:   = mix ops/s of the run's round trips (%.0f, weighted harmonic mean) / round trips per run (%.2f)%n",
                    mix, c.totalRoundTrips());
            out.printf("redis: with the stand-ins' figures unadjusted: %.0f runs/s; server execution time alone "
                    + "(commandstats, no network): %.0f runs/s%n", 1 / rawSum, cpuBound);
            return new Result(bound, cpuBound, null);
        } finally {
            try {
                subscriber.unsubscribe();
            } catch (RuntimeException ignored) {
                // not subscribed
            }
            subscription.close();
            listener.join(2_000);
        }
    }

    /** The command redis-benchmark runs to stand for {@code name}; PING for commands without a better stand-in. */
    static List<String> representative(String name) {
        return switch (name) {
            // like the run store's status transitions: read the status, write a few fields
            case "eval", "evalsha" -> List.of("EVAL", """
                    local s = redis.call('HGET', KEYS[1], 'status') \
                    redis.call('HSET', KEYS[1], 'status', 'running', 'node', 'bench-1', 'started_at', '2026-01-01T00:00:00.000Z') \
                    return s""", "1", "bench:run");
            case "xreadgroup" -> List.of("XREADGROUP", "GROUP", "bench", "c1", "COUNT", "1", "STREAMS", "bench:q", ">");
            case "xadd" -> List.of("XADD", "bench:q", "*", "run_id", "run_01JBENCH0000000000000000");
            case "xack" -> List.of("XACK", "bench:q", "bench", "0-1");
            case "xdel" -> List.of("XDEL", "bench:q", "0-1");
            case "xclaim" -> List.of("XCLAIM", "bench:q", "bench", "c1", "0", "0-1", "JUSTID");
            case "xautoclaim" -> List.of("XAUTOCLAIM", "bench:q", "bench", "c1", "60000", "0-0", "COUNT", "1");
            case "xlen" -> List.of("XLEN", "bench:q");
            case "xpending" -> List.of("XPENDING", "bench:q", "bench");
            case "publish" -> List.of("PUBLISH", "bench:events", EVENT);
            case "hgetall" -> List.of("HGETALL", "bench:run");
            case "hget" -> List.of("HGET", "bench:run", "status");
            case "hset" -> List.of("HSET", "bench:hash", "field", "value");
            case "get" -> List.of("GET", "bench:key");
            case "set" -> List.of("SET", "bench:key", "value");
            case "expire" -> List.of("EXPIRE", "bench:run", "86400");
            case "zadd" -> List.of("ZADD", "bench:z", "1", "run_01JBENCH0000000000000000");
            default -> List.of("PING");
        };
    }

    private static final String EVENT = "{\"type\":\"run.succeeded\",\"time\":\"2026-01-01T00:00:00.123Z\",\"node\":\"bench-1\","
            + "\"run_id\":\"run_01JBENCH0000000000000000\",\"agent\":\"assistant\",\"status\":\"succeeded\","
            + "\"duration_ms\":0,\"total_tokens\":42,\"attempts\":1}";

    private void prepare() {
        try (Jedis admin = connect(10_000)) {
            admin.del("bench:run", "bench:q", "bench:hash", "bench:key", "bench:z");
            Map<String, String> run = new LinkedHashMap<>();
            run.put("run_id", "run_01JBENCH0000000000000000");
            run.put("agent", "assistant");
            run.put("status", "queued");
            run.put("input", "bench run 1234");
            run.put("model", "simulated");
            run.put("attempts", "0");
            run.put("created_at", "2026-01-01T00:00:00.000Z");
            admin.hset("bench:run", run);
            admin.set("bench:key", "value");
            admin.xgroupCreate("bench:q", "bench", new StreamEntryID(0, 0), true);
        }
    }

    private double runBenchmark(Path binary, int requests, int clients, List<String> command) throws Exception {
        List<String> args = new ArrayList<>(List.of(binary.toString(), "-h", endpoint.host(), "-p", Integer.toString(endpoint.port())));
        // redis-benchmark takes a password only with -a (it ignores REDISCLI_AUTH); this is the
        // bench's own throwaway Redis on 127.0.0.1, gone when the bench ends
        if (endpoint.password() != null) args.addAll(List.of("-a", endpoint.password()));
        args.addAll(List.of("-c", Integer.toString(clients), "-n", Integer.toString(requests), "-P", "1", "-q", "--csv"));
        args.addAll(command);
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
        double rps = parseCsv(text);
        if (Double.isNaN(rps)) out.printf("  redis-benchmark said: %s%n", abbreviate(text.strip(), 300));
        return rps;
    }

    /** The requests per second of the last data line of redis-benchmark's --csv output: the 7th field from the end (7.x) or the last (6.x). */
    static double parseCsv(String text) {
        double rps = Double.NaN;
        for (String line : text.split("\r?\n")) {
            String l = line.strip();
            if (!l.startsWith("\"") || l.startsWith("\"test\"")) continue;
            String[] f = l.substring(1, l.length() - 1).split("\",\"");
            String field = f.length >= 8 ? f[f.length - 7] : f[f.length - 1];
            try {
                rps = Double.parseDouble(field);
            } catch (NumberFormatException ignored) {
                // not a figure line
            }
        }
        return rps;
    }

    private static Path findBenchmark() {
        Path debian = Path.of("/usr/bin/redis-benchmark");
        if (Files.isExecutable(debian)) return debian;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "redis-benchmark");
            if (!dir.isEmpty() && Files.isExecutable(p)) return p;
        }
        return null;
    }

    private static String abbreviate(String s, int max) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
    }
}
