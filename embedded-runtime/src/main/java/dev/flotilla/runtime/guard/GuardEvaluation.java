package dev.flotilla.runtime.guard;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures a guard on labelled texts: the confusion matrix, detection (recall), precision, F1 and
 * the false-positive rate, and the time each check took (after warm-up passes, so the JIT has
 * compiled the guard, as it has on a running node; the median of {@link #TIMINGS} timings per input).
 */
public final class GuardEvaluation {

    /** The counts, and per-check times in nanoseconds sorted ascending. */
    public record Report(int truePositives, int falsePositives, int trueNegatives, int falseNegatives, long[] nanos) {

        public double detection() { return ratio(truePositives, truePositives + falseNegatives); }

        public double precision() { return ratio(truePositives, truePositives + falsePositives); }

        public double falsePositiveRate() { return ratio(falsePositives, falsePositives + trueNegatives); }

        public double f1() {
            double p = precision(), r = detection();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        public long percentileMicros(double q) {
            if (nanos.length == 0) return 0;
            int i = (int) Math.ceil(q * nanos.length) - 1;
            return Math.round(nanos[Math.max(0, Math.min(nanos.length - 1, i))] / 1000.0);
        }

        private static double ratio(int a, int b) { return b == 0 ? 0 : (double) a / b; }

        public void print(PrintWriter out) {
            out.printf(Locale.ROOT, "                 predicted injection  predicted benign%n");
            out.printf(Locale.ROOT, "  injection      %19d  %16d%n", truePositives, falseNegatives);
            out.printf(Locale.ROOT, "  benign         %19d  %16d%n", falsePositives, trueNegatives);
            out.printf(Locale.ROOT, "precision=%.2f recall=%.2f f1=%.2f false_positive_rate=%.2f p50_us=%d%n",
                    precision(), detection(), f1(), falsePositiveRate(), percentileMicros(0.5));
        }

        public String resultLine() {
            return String.format(Locale.ROOT, "RESULT detection=%.2f false_positive_rate=%.2f p99_us=%d",
                    detection(), falsePositiveRate(), percentileMicros(0.99));
        }
    }

    /**
     * Each input is timed this many times and its median kept: on a shared machine a single timing
     * measures the scheduler (a descheduled thread, a GC pause of another thread) as often as the guard.
     */
    static final int TIMINGS = 5;
    private static final int WARM_UP_PASSES = 3;

    private GuardEvaluation() {}

    public static Report run(Guard guard, List<GuardDataset.Example> examples) {
        for (int pass = 0; pass < WARM_UP_PASSES; pass++) for (GuardDataset.Example e : examples) guard.check(e.text());
        int tp = 0, fp = 0, tn = 0, fn = 0;
        long[] nanos = new long[examples.size()];
        long[] tries = new long[TIMINGS];
        for (int i = 0; i < examples.size(); i++) {
            GuardDataset.Example e = examples.get(i);
            boolean flagged = false;
            for (int t = 0; t < TIMINGS; t++) {
                long t0 = System.nanoTime();
                flagged = guard.check(e.text()).injection();
                tries[t] = System.nanoTime() - t0;
            }
            Arrays.sort(tries);
            nanos[i] = tries[TIMINGS / 2];
            if (e.injection()) { if (flagged) tp++; else fn++; }
            else { if (flagged) fp++; else tn++; }
        }
        Arrays.sort(nanos);
        return new Report(tp, fp, tn, fn, nanos);
    }

    /** Each example's text repeated to {@code chars} characters: the latency of long inputs. */
    public static List<GuardDataset.Example> padded(List<GuardDataset.Example> examples, int chars) {
        return examples.stream().map(e -> {
            StringBuilder sb = new StringBuilder(chars + e.text().length());
            while (sb.length() < chars) sb.append(e.text()).append(' ');
            sb.setLength(chars);
            return new GuardDataset.Example(sb.toString(), e.injection());
        }).toList();
    }
}
