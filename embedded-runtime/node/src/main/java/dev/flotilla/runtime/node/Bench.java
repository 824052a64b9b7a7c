package dev.flotilla.runtime.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flotilla-node bench}: the standard benchmark. It starts its own throwaway Redis and
 * in-process nodes with a simulated model, drives them over real HTTP and learns completions from
 * one SSE stream, and ends with one {@code RESULT} line. Phases:
 * <ul>
 *   <li>throughput: a closed loop saturating the node(s) with a 0 ms model; sustained runs/s;</li>
 *   <li>overhead: an open loop at a constant 300 runs/s; per run, client-observed time minus the model's time;</li>
 *   <li>burst: 10,000 runs at once, a 200 ms model, 1,000 agents per node; all must finish; heap watched;</li>
 *   <li>redis: the Redis commands one run needs, and the runs/s Redis alone could carry (redis-benchmark).</li>
 * </ul>
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs the standard benchmark against throwaway in-process nodes and Redis, then prints one line:",
                "RESULT runs_per_s=<sustained, 0 ms model> p99_overhead_ms_at_300=<p99 outside the model at 300 runs/s offered> "
                        + "redis_bound_runs_per_s=<what Redis alone could carry>",
                "Meant to be run with -Xmx1g (the burst phase reports the heap). Phases not run report n/a.", ""})
final class Bench implements Callable<Integer> {

    enum Phase { THROUGHPUT, OVERHEAD, BURST, REDIS, ALL }

    @Spec
    CommandSpec spec;

    @Option(names = "--phase", split = ",", defaultValue = "all", converter = PhaseConverter.class,
            description = "throughput, overhead, burst, redis or all; several separated by commas (default ${DEFAULT-VALUE}).")
    List<Phase> phases;

    @Option(names = "--nodes", defaultValue = "1", description = "In-process nodes sharing the Redis; submits go round robin (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--model-ms", defaultValue = "0", description = "Simulated model latency of the throughput, overhead and redis phases, always exactly this (default ${DEFAULT-VALUE}).")
    long modelMs;

    @Option(names = "--concurrency", defaultValue = "64", description = "Throughput: clients in the closed loop (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--pool-size", defaultValue = "128", description = "Throughput and redis: agents per node (default ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(names = "--warmup-seconds", defaultValue = "5", description = "Throughput: warm-up before measuring (default ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--throughput-seconds", defaultValue = "15", description = "Throughput: measured window (default ${DEFAULT-VALUE}).")
    double throughputSeconds;

    @Option(names = "--rate", defaultValue = "300", description = "Overhead: runs offered per second, at constant intervals (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--overhead-seconds", defaultValue = "20", description = "Overhead: measured duration (default ${DEFAULT-VALUE}).")
    double overheadSeconds;

    @Option(names = "--overhead-warmup-seconds", defaultValue = "5", description = "Overhead: warm-up at the same rate, not measured (default ${DEFAULT-VALUE}).")
    double overheadWarmupSeconds;

    @Option(names = "--overhead-pool-size", defaultValue = "64", description = "Overhead: agents per node (default ${DEFAULT-VALUE}).")
    int overheadPoolSize;

    @Option(names = "--burst-runs", defaultValue = "10000", description = "Burst: runs submitted as fast as possible (default ${DEFAULT-VALUE}).")
    int burstRuns;

    @Option(names = "--burst-agents", defaultValue = "1000", description = "Burst: agents per node (default ${DEFAULT-VALUE}).")
    int burstAgents;

    @Option(names = "--burst-model-ms", defaultValue = "200", description = "Burst: simulated model latency (default ${DEFAULT-VALUE}).")
    long burstModelMs;

    @Option(names = "--burst-clients", defaultValue = "64", description = "Burst: clients submitting at once (default ${DEFAULT-VALUE}).")
    int burstClients;

    @Option(names = "--redis-runs", defaultValue = "500", description = "Redis: runs whose commands are counted (default ${DEFAULT-VALUE}).")
    int redisRuns;

    @Option(names = "--redis-requests", defaultValue = "50000", description = "Redis: requests per redis-benchmark command (default ${DEFAULT-VALUE}).")
    int redisRequests;

    @Option(names = "--redis-clients", defaultValue = "50", description = "Redis: redis-benchmark clients, -c (default ${DEFAULT-VALUE}).")
    int redisClients;

    @Option(names = "--redis-idle-ms", defaultValue = "2000", description = "Redis: idle window that measures the background commands, subtracted (default ${DEFAULT-VALUE}).")
    long redisIdleMs;

    @Option(names = "--verbose", description = "Show the nodes' INFO logs (on stderr).")
    boolean verbose;

    private PrintWriter out;
    private double runsPerSecond = Double.NaN;
    private double p99Overhead = Double.NaN;
    private double redisBound = Double.NaN;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        validate();
        Set<Phase> run = phases.contains(Phase.ALL) ? EnumSet.of(Phase.THROUGHPUT, Phase.OVERHEAD, Phase.BURST, Phase.REDIS) : EnumSet.copyOf(phases);
        Logger flotilla = (Logger) LoggerFactory.getLogger("dev.flotilla");
        Level level = flotilla.getLevel();
        if (!verbose) flotilla.setLevel(Level.WARN);
        long started = System.nanoTime();
        boolean failed = false;
        out.printf("bench: %d cores, heap max %d MiB, %s, %d node(s); phases %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name") + " " + Runtime.version(), nodes,
                run.toString().toLowerCase(Locale.ROOT));
        out.flush();
        try (BenchFleet fleet = new BenchFleet()) {
            if (run.contains(Phase.THROUGHPUT)) failed |= !phase("throughput", fleet, () -> throughput(fleet));
            if (run.contains(Phase.OVERHEAD)) failed |= !phase("overhead", fleet, () -> overhead(fleet));
            if (run.contains(Phase.BURST)) failed |= !phase("burst", fleet, () -> burst(fleet));
            if (run.contains(Phase.REDIS)) failed |= !phase("redis", fleet, () -> redis(fleet));
        } finally {
            flotilla.setLevel(level);
        }
        out.printf("bench: done in %.0f s%n", (System.nanoTime() - started) / 1e9);
        out.println("RESULT runs_per_s=" + figure(runsPerSecond, 0) + " p99_overhead_ms_at_300=" + figure(p99Overhead, 1)
                + " redis_bound_runs_per_s=" + figure(redisBound, 0));
        out.flush();
        return failed ? 1 : 0;
    }

    private void validate() {
        if (nodes < 1 || concurrency < 1 || poolSize < 1 || overheadPoolSize < 1 || burstAgents < 1 || burstClients < 1
                || burstRuns < 1 || redisRuns < 1 || redisRequests < 1 || redisClients < 1 || rate <= 0 || modelMs < 0 || burstModelMs < 0
                || redisIdleMs < 1) {
            throw new IllegalArgumentException("bench sizes must be positive (and latencies not negative)");
        }
    }

    @FunctionalInterface
    private interface Body {
        void run() throws Exception;
    }

    /** Runs one phase; reports its time and the CPU it got, so a starved run on a shared machine shows as such. */
    private boolean phase(String name, BenchFleet fleet, Body body) {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        double load0 = os.getSystemLoadAverage();
        long cpu0 = os.getProcessCpuTime();
        double redis0 = fleet.redisCpuSeconds();
        long t0 = System.nanoTime();
        out.printf("%n== %s ==%n", name);
        out.flush();
        try {
            body.run();
            return true;
        } catch (Exception e) {
            out.printf("%s: FAILED: %s%n", name, e);
            return false;
        } finally {
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf("%s: phase took %.1f s; CPU used: this JVM (nodes and load generator) %.2f cores, Redis %.2f cores, "
                    + "of %d; system load average %.1f -> %.1f%n", name, seconds, (os.getProcessCpuTime() - cpu0) / 1e9 / seconds,
                    (fleet.redisCpuSeconds() - redis0) / seconds, os.getAvailableProcessors(), load0, os.getSystemLoadAverage());
            out.flush();
        }
    }

    // ---- throughput: closed loop, saturating ----------------------------------------------------

    private void throughput(BenchFleet fleet) throws Exception {
        out.printf("throughput: %d node(s) x %d agents, model %d ms, %d clients in a closed loop; warm-up %.0f s, then %.0f s measured%n",
                nodes, poolSize, modelMs, concurrency, warmupSeconds, throughputSeconds);
        try (var ns = fleet.start("bench-throughput", nodes, poolSize, modelMs);
             var client = new BenchClient(ns.baseUrls(), BenchFleet.KEY).open()) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong windowStart = new AtomicLong(Long.MAX_VALUE);
            AtomicLong windowEnd = new AtomicLong(Long.MAX_VALUE);
            AtomicLong inWindow = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger seq = new AtomicInteger();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < concurrency; c++) {
                    clients.execute(() -> {
                        while (!stop.get()) {
                            try {
                                var slot = client.await(client.submit("bench run " + seq.incrementAndGet()), Duration.ofSeconds(5));
                                long done = slot.doneAt();
                                if (!slot.status().equals("succeeded")) failures.incrementAndGet();
                                if (done >= windowStart.get() && done < windowEnd.get()) {
                                    inWindow.incrementAndGet();
                                    if (!slot.reconciled()) latencies.add(slot.latencyNanos());
                                }
                            } catch (Exception e) {
                                failures.incrementAndGet();
                            }
                        }
                    });
                }
                Thread.sleep((long) (warmupSeconds * 1000));
                long ws = System.nanoTime();
                windowStart.set(ws);
                windowEnd.set(ws + (long) (throughputSeconds * 1e9));
                Thread.sleep((long) (throughputSeconds * 1000));
                stop.set(true);
            }
            double seconds = (windowEnd.get() - windowStart.get()) / 1e9;
            runsPerSecond = inWindow.get() / seconds;
            long[] lat = sorted(latencies);
            out.printf("throughput: %d runs ended in the %.1f s window: %.0f runs/s sustained%n", inWindow.get(), seconds, runsPerSecond);
            out.printf("throughput: submit-to-done p50 %.2f ms, p99 %.2f ms, max %.2f ms (closed loop, so this is latency under saturation)%n",
                    ms(pct(lat, 50)), ms(pct(lat, 99)), ms(pct(lat, 100)));
            report(client, failures.get());
        }
    }

    // ---- overhead: open loop at a constant rate --------------------------------------------------

    private void overhead(BenchFleet fleet) throws Exception {
        out.printf("overhead: %d node(s) x %d agents, model exactly %d ms, %.0f runs/s offered at constant intervals; warm-up %.0f s, then %.0f s measured%n",
                nodes, overheadPoolSize, modelMs, rate, overheadWarmupSeconds, overheadSeconds);
        try (var ns = fleet.start("bench-overhead", nodes, overheadPoolSize, modelMs);
             var client = new BenchClient(ns.baseUrls(), BenchFleet.KEY).open()) {
            openLoop(client, overheadWarmupSeconds, new ArrayList<>());
            List<BenchClient.Slot> measured = Collections.synchronizedList(new ArrayList<>());
            long t0 = System.nanoTime();
            long lag = openLoop(client, overheadSeconds, measured);
            int ended = client.awaitAll(measured, Duration.ofSeconds(5), Duration.ofSeconds(60));
            double seconds = (System.nanoTime() - t0) / 1e9;
            long modelNanos = modelMs * 1_000_000;
            List<Long> overheads = new ArrayList<>();
            long failures = 0;
            for (var s : measured) {
                if (!s.isDone() || !"succeeded".equals(s.status())) {
                    failures++;
                } else if (!s.reconciled()) {
                    overheads.add(s.latencyNanos() - modelNanos);
                }
            }
            long[] o = sorted(overheads);
            p99Overhead = ms(pct(o, 99));
            out.printf("overhead: %d runs offered, %d ended, %d measured; generator lag max %.2f ms%n", measured.size(), ended, o.length, ms(lag));
            out.printf("overhead: per run, (completion heard on the event stream - submit start) - %d ms model:%n", modelMs);
            out.printf("overhead: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", ms(pct(o, 50)), ms(pct(o, 90)), p99Overhead, ms(pct(o, 100)));
            if (rate != 300) out.printf("overhead: note: offered %.0f runs/s, not 300; the RESULT key keeps its name%n", rate);
            out.printf("overhead: achieved %.0f runs/s%n", ended / seconds);
            report(client, failures);
        }
    }

    /**
     * Submits at {@code rate} for {@code seconds}, each run on its own virtual thread, paced by a
     * platform thread (a virtual one would wake late when the carriers are busy); returns the worst
     * lateness of a submit.
     */
    private long openLoop(BenchClient client, double seconds, List<BenchClient.Slot> slots) throws Exception {
        long period = (long) (1e9 / rate);
        int n = (int) Math.round(seconds * rate);
        AtomicLong maxLag = new AtomicLong();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            Thread pacer = Thread.ofPlatform().daemon().name("bench-pacer").start(() -> {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long due = t0 + i * period;
                    long wait = due - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                    maxLag.accumulateAndGet(System.nanoTime() - due, Math::max);
                    int k = i;
                    senders.execute(() -> {
                        try {
                            slots.add(client.submit("bench run " + k));
                        } catch (Exception e) {
                            // counted by the client as rejected, or lost: shows in the report
                        }
                    });
                }
            });
            pacer.join();
        }
        return maxLag.get();
    }

    // ---- burst: many runs at once, a slow model, many agents --------------------------------------

    private void burst(BenchFleet fleet) throws Exception {
        out.printf("burst: %d runs submitted as fast as %d clients can, %d node(s) x %d agents, model exactly %d ms%n",
                burstRuns, burstClients, nodes, burstAgents, burstModelMs);
        try (var ns = fleet.start("bench-burst", nodes, burstAgents, burstModelMs);
             var client = new BenchClient(ns.baseUrls(), BenchFleet.KEY).open()) {
            System.gc(); // start the heap watch from a clean heap
            try (HeapWatch heap = new HeapWatch()) {
                List<BenchClient.Slot> slots = Collections.synchronizedList(new ArrayList<>(burstRuns));
                AtomicInteger next = new AtomicInteger();
                AtomicLong refused = new AtomicLong();
                long t0 = System.nanoTime();
                try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int c = 0; c < burstClients; c++) {
                        clients.execute(() -> {
                            for (int i; (i = next.getAndIncrement()) < burstRuns; ) {
                                try {
                                    slots.add(client.submit("burst run " + i));
                                } catch (Exception e) {
                                    refused.incrementAndGet();
                                }
                            }
                        });
                    }
                }
                long submitted = System.nanoTime();
                int ended = client.awaitAll(slots, Duration.ofSeconds(10), Duration.ofMinutes(4));
                long lastEnd = t0;
                long failures = 0;
                for (var s : slots) {
                    if (s.isDone()) lastEnd = Math.max(lastEnd, s.doneAt());
                    if (!s.isDone() || !"succeeded".equals(s.status())) failures++;
                }
                double elapsed = (lastEnd - t0) / 1e9;
                HeapWatch.Figures h = heap.figures();
                out.printf("burst: %d accepted (%d refused) in %.2f s (%.0f submits/s)%n", slots.size(), refused.get(),
                        (submitted - t0) / 1e9, slots.size() / ((submitted - t0) / 1e9));
                out.printf("burst: %d of %d ended, %d succeeded, in %.2f s from the first submit: %.0f runs/s "
                        + "(the agents alone allow %.2f s at best)%n", ended, slots.size(), slots.size() - failures,
                        elapsed, ended / elapsed, (double) burstRuns * burstModelMs / 1000.0 / ((long) burstAgents * nodes));
                out.printf("burst: heap max %d MiB (-Xmx), peak used %d MiB, peak after GC %d MiB, %d GCs (whole JVM: nodes and load generator)%n",
                        h.max() >> 20, h.peakUsed() >> 20, h.peakAfterGc() >> 20, h.collections());
                if (h.max() > (1L << 30)) out.println("burst: note: heap max is over 1 GiB; run with -Xmx1g to check the 1 GiB target");
                if (ended < slots.size() || refused.get() > 0) throw new IllegalStateException((slots.size() - ended) + " runs did not end, " + refused.get() + " refused");
                report(client, failures);
            }
        }
    }

    // ---- redis: commands per run, and what Redis alone could carry --------------------------------

    private void redis(BenchFleet fleet) throws Exception {
        RedisBound bound = new RedisBound(fleet.endpoint(), out);
        RedisBound.Counts counts;
        out.printf("redis: counting the commands of %d runs (%d node(s), model %d ms, 16 clients)%n", redisRuns, nodes, modelMs);
        try (var ns = fleet.start("bench-redis", nodes, poolSize, modelMs);
             var client = new BenchClient(ns.baseUrls(), BenchFleet.KEY).open()) {
            counts = bound.count(() -> {
                AtomicInteger next = new AtomicInteger();
                AtomicInteger ok = new AtomicInteger();
                try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int c = 0; c < 16; c++) {
                        clients.execute(() -> {
                            for (int i; (i = next.getAndIncrement()) < redisRuns; ) {
                                try {
                                    client.await(client.submit("redis run " + i), Duration.ofSeconds(5));
                                    ok.incrementAndGet();
                                } catch (Exception e) {
                                    // a failed run is not counted
                                }
                            }
                        });
                    }
                }
                return ok.get();
            }, redisIdleMs);
        }
        bound.print(counts);
        out.flush();
        RedisBound.Result r = bound.bound(counts, redisRequests, redisClients);
        redisBound = r.runsPerSecond();
        if (r.why() != null) out.println("redis: bound n/a: " + r.why());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private void report(BenchClient client, long failures) {
        out.printf("  (runs not succeeded: %d; submits refused: %d; event stream drops: %d; ends read by GET after a drop: %d)%n",
                failures, client.rejected(), client.streamDrops(), client.reconciled());
    }

    private static long[] sorted(List<Long> values) {
        long[] a;
        synchronized (values) {
            a = values.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(a);
        return a;
    }

    /** Nearest-rank percentile of sorted values; NaN-like -1 when empty. */
    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) return -1;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return nanos < 0 ? Double.NaN : nanos / 1e6;
    }

    static String figure(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return "n/a";
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static final class PhaseConverter implements picocli.CommandLine.ITypeConverter<Phase> {
        @Override
        public Phase convert(String value) {
            try {
                return Phase.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("phase must be throughput, overhead, burst, redis or all: " + value);
            }
        }
    }
}
