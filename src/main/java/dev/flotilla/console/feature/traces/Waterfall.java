package dev.flotilla.console.feature.traces;

import dev.flotilla.console.fleet.TraceInfo.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trace as the rows of its waterfall: each span under its parent (children by start time), with
 * its depth and where its bar starts and how long it is, as fractions of the whole trace. Linear in
 * the spans (a trace of 20,000 opens at once) and safe for any shape: a span whose parent is not in
 * the trace is a root; a cycle cannot hang it.
 */
final class Waterfall {

    /** One row: the span, how deep it sits, and its bar ({@code offset} and {@code width} in 0..1 of the trace). */
    record Row(Span span, int depth, double offset, double width) {}

    private Waterfall() {}

    static List<Row> rows(List<Span> spans) {
        if (spans.isEmpty()) return List.of();
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        Map<String, Span> byId = new HashMap<>(spans.size() * 2);
        for (Span s : spans) {
            byId.put(s.spanId(), s);
            start = Math.min(start, s.startNanos());
            end = Math.max(end, Math.max(s.endNanos(), s.startNanos()));
        }
        double total = Math.max(1, end - start);
        Map<String, List<Span>> children = new HashMap<>();
        List<Span> roots = new ArrayList<>();
        for (Span s : spans) {
            String p = s.parentSpanId();
            if (p == null || !byId.containsKey(p) || p.equals(s.spanId())) roots.add(s);
            else children.computeIfAbsent(p, k -> new ArrayList<>()).add(s);
        }
        Comparator<Span> byStart = Comparator.comparingLong(Span::startNanos);
        roots.sort(byStart);
        children.values().forEach(c -> c.sort(byStart));
        List<Row> rows = new ArrayList<>(spans.size());
        Set<String> seen = new HashSet<>(spans.size() * 2);
        Deque<Object[]> stack = new ArrayDeque<>();
        for (int i = roots.size() - 1; i >= 0; i--) stack.push(new Object[] {roots.get(i), 0});
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            Span s = (Span) top[0];
            int depth = (int) top[1];
            if (!seen.add(s.spanId())) continue;
            double offset = (s.startNanos() - start) / total;
            double width = Math.max(0, s.endNanos() - s.startNanos()) / total;
            rows.add(new Row(s, depth, offset, width));
            List<Span> kids = children.getOrDefault(s.spanId(), List.of());
            for (int i = kids.size() - 1; i >= 0; i--) stack.push(new Object[] {kids.get(i), depth + 1});
        }
        // spans only reachable through a cycle still show, at the top level
        if (rows.size() < spans.size()) {
            for (Span s : spans) {
                if (seen.add(s.spanId())) rows.add(new Row(s, 0, (s.startNanos() - start) / total, Math.max(0, s.durationNanos()) / total));
            }
        }
        return rows;
    }

    /** A duration for people: 840 µs, 12.3 ms, 4.56 s, 2 min 3 s. */
    static String duration(long nanos) {
        if (nanos < 1_000_000) return (nanos / 1_000) + " µs";
        double ms = nanos / 1e6;
        if (ms < 100) return String.format(java.util.Locale.ROOT, "%.1f ms", ms);
        if (ms < 1_000) return String.format(java.util.Locale.ROOT, "%.0f ms", ms);
        double s = ms / 1_000;
        if (s < 60) return String.format(java.util.Locale.ROOT, "%.2f s", s);
        long whole = (long) s;
        return (whole / 60) + " min " + (whole % 60) + " s";
    }
}
