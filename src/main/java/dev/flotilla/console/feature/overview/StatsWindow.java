package dev.flotilla.console.feature.overview;

import dev.flotilla.console.fleet.FleetEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Sliding-window statistics over finished runs, as the console sees them arrive: throughput over
 * the last {@link #RATE_WINDOW}, latency percentiles, error rate and tokens over the last
 * {@link #LATENCY_WINDOW}, and a {@link #HISTORY} of buckets for the chart. Times are when the
 * console received the event (by the injected clock), so nodes with skewed clocks cannot bend the
 * rates. Until the console has watched for a full window, rates divide by the time it has watched,
 * so the first seconds neither under- nor over-report. Not thread-safe: the FX thread owns it.
 */
public final class StatsWindow {

    public static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    public static final Duration LATENCY_WINDOW = Duration.ofSeconds(60);
    public static final Duration HISTORY = Duration.ofMinutes(5);
    public static final Duration BUCKET = Duration.ofSeconds(5);

    private final Clock clock;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private long watchingSinceMs;

    public StatsWindow(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.watchingSinceMs = clock.millis();
    }

    /** Counts {@code run.succeeded} and {@code run.failed}; ignores every other event. */
    public void record(FleetEvent e) {
        if (!e.isRunFinished()) return;
        boolean failed = FleetEvent.RUN_FAILED.equals(e.type());
        long now = clock.millis();
        samples.addLast(new Sample(now, failed, e.durationMs() == null ? -1 : e.durationMs(),
                e.totalTokens() == null ? 0 : e.totalTokens()));
        // a fleet that is not shown records for hours without a compute(): it keeps only its last HISTORY
        prune(now);
    }

    /** How many finished runs it holds; never more than arrived within the last {@link #HISTORY}. */
    int size() {
        return samples.size();
    }

    /** Forgets everything, e.g. when the console switches to another fleet. */
    public void reset() {
        samples.clear();
        watchingSinceMs = clock.millis();
    }

    public Stats compute() {
        long now = clock.millis();
        prune(now);
        long rateFrom = now - RATE_WINDOW.toMillis();
        long latencyFrom = now - LATENCY_WINDOW.toMillis();
        int recent = 0;
        int finished = 0;
        int failed = 0;
        long tokens = 0;
        long[] durations = new long[samples.size()];
        int n = 0;
        for (Sample s : samples) {
            if (s.atMs > rateFrom) recent++;
            if (s.atMs > latencyFrom) {
                finished++;
                if (s.failed) failed++;
                tokens += s.tokens;
                if (s.durationMs >= 0) durations[n++] = s.durationMs;
            }
        }
        Arrays.sort(durations, 0, n);
        double rateSeconds = effectiveSeconds(now, RATE_WINDOW);
        double latencySeconds = effectiveSeconds(now, LATENCY_WINDOW);
        return new Stats(
                recent / rateSeconds,
                percentile(durations, n, 50),
                percentile(durations, n, 99),
                finished == 0 ? 0 : 100.0 * failed / finished,
                tokens / latencySeconds * 60,
                finished,
                history(now));
    }

    private double effectiveSeconds(long now, Duration window) {
        long watched = Math.max(1_000, now - watchingSinceMs);
        return Math.min(window.toMillis(), watched) / 1000.0;
    }

    /** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
    static double percentile(long[] sorted, int n, int p) {
        if (n == 0) return 0;
        int rank = (int) Math.ceil(p / 100.0 * n);
        return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
    }

    private List<Point> history(long now) {
        long bucketMs = BUCKET.toMillis();
        int buckets = (int) (HISTORY.toMillis() / bucketMs);
        int[] runs = new int[buckets];
        int[] errors = new int[buckets];
        for (Sample s : samples) {
            int age = (int) ((now - s.atMs) / bucketMs);
            if (age < 0 || age >= buckets) continue;
            runs[age]++;
            if (s.failed) errors[age]++;
        }
        List<Point> out = new ArrayList<>(buckets);
        long watchedBuckets = (now - watchingSinceMs) / bucketMs + 1;
        for (int age = buckets - 1; age >= 0; age--) {
            if (age >= watchedBuckets) continue; // the console was not watching then: no point, not a zero
            double seconds = bucketMs / 1000.0;
            out.add(new Point(-age * seconds, runs[age] / seconds, errors[age] / seconds));
        }
        return List.copyOf(out);
    }

    private void prune(long now) {
        long keepFrom = now - HISTORY.toMillis();
        while (!samples.isEmpty() && samples.peekFirst().atMs <= keepFrom) samples.removeFirst();
    }

    private record Sample(long atMs, boolean failed, long durationMs, int tokens) {}

    /**
     * What the tiles show. Latencies in milliseconds, error rate in percent of finished runs.
     * {@code finishedInWindow} counts runs over the latency window.
     */
    public record Stats(double runsPerSecond, double p50Ms, double p99Ms, double errorRatePercent,
                        double tokensPerMinute, int finishedInWindow, List<Point> history) {}

    /** One chart bucket: when it ends, in seconds before now (0 or negative), and the rates over its five seconds. */
    public record Point(double secondsAgo, double runsPerSecond, double errorsPerSecond) {}
}
