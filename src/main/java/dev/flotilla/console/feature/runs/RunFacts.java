package dev.flotilla.console.feature.runs;

import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.RunInfo;
import dev.flotilla.console.fleet.RunStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What the detail pane says about a run, in two groups: where it ran (agent, node, the model that
 * answered and why it was a fallback, attempts, deliveries) and where its time went (waiting in the
 * queue, then running). Pure, so it is tested without a window.
 */
public final class RunFacts {

    public static final String RUN = "Run";
    public static final String TIMING = "Timing";
    public static final String GUARD = "Input guard";

    /** One line of the pane: the group it belongs to, its name, and its value in words. */
    public record Fact(String group, String name, String value) {}

    private RunFacts() {}

    /** {@code clock} tells today from other days (only other days show a date) and the zone to show times in. */
    public static List<Fact> of(RunInfo run, Clock clock) {
        List<Fact> out = new ArrayList<>();
        add(out, RUN, "Agent", run.agent());
        add(out, RUN, "Node", run.node() != null ? run.node() : notYet(run, "not picked up yet"));
        add(out, RUN, "Model", run.model());
        add(out, RUN, "Fallback", fallback(run));
        add(out, RUN, "Attempts", attempts(run));
        add(out, RUN, "Deliveries", run.deliveries() == null ? null : run.deliveries().toString());
        add(out, RUN, "Session", run.sessionId());
        if (run.usage() != null) {
            add(out, RUN, "Tokens", String.format("%,d (prompt %,d, completion %,d)", run.usage().totalTokens(),
                    run.usage().promptTokens(), run.usage().completionTokens()));
        }
        if (run.costUsd() != null) add(out, RUN, "Cost", String.format(java.util.Locale.ROOT, "$%.6f", run.costUsd()));
        add(out, TIMING, "Created", time(run.createdAt(), clock));
        add(out, TIMING, "Queued for", run.startedAt() != null ? between(run.createdAt(), run.startedAt())
                : notYet(run, "waiting for an agent…"));
        add(out, TIMING, "Started", time(run.startedAt(), clock));
        Long ranMs = run.durationMs() != null ? run.durationMs() : millis(run.startedAt(), run.finishedAt());
        add(out, TIMING, "Ran for", ranMs != null ? RunFormat.duration(ranMs)
                : run.startedAt() != null ? notYet(run, "still running…") : null);
        add(out, TIMING, run.status() == RunStatus.CANCELLED ? "Cancelled" : "Finished", time(run.finishedAt(), clock));
        if (run.guardFlagged()) {
            String score = run.annotations().get("guard.score");
            add(out, GUARD, "Verdict", "flagged as a likely prompt injection" + (score == null ? "" : " (score " + score + ")"));
            add(out, GUARD, "Reasons", run.annotations().get("guard.reasons"));
        }
        return List.copyOf(out);
    }

    /**
     * Model calls, with what made them more than one (retries, fallbacks, tool calls). A run with a timeline counts its retries and
     * fallbacks there (the runtime counts the calls to every model of the chain together); a run
     * from an older node only knows its calls, each after the first a retry.
     */
    static String attempts(RunInfo run) {
        Integer n = run.attempts();
        if (n == null) return null;
        if (run.timeline().isEmpty()) {
            if (n <= 1) return Integer.toString(n);
            return n + " (" + plural(n - 1, "retry", "retries") + ")";
        }
        // a node counts the calls of the last round only; each round after a tool call is one more
        n = (int) Math.max(n, run.timeline().stream().filter(e -> "attempt".equals(e.kind())).count());
        long retries = run.timeline().stream().filter(e -> "retry".equals(e.kind())).count();
        long fallbacks = run.timeline().stream().filter(e -> "fallback".equals(e.kind())).count();
        // after a tool answers, the agent asks the model again: another call, and no retry
        long tools = run.timeline().stream().filter(e -> "tool".equals(e.kind())).count();
        List<String> why = new ArrayList<>();
        if (retries > 0) why.add(plural(retries, "retry", "retries"));
        if (fallbacks > 0) why.add(plural(fallbacks, "fallback", "fallbacks"));
        if (tools > 0) why.add(plural(tools, "tool call", "tool calls"));
        return why.isEmpty() ? Integer.toString(n) : n + " (" + String.join(", ", why) + ")";
    }

    /** Why the answering model was a fallback, from which model when the timeline says so. */
    static String fallback(RunInfo run) {
        String reason = run.fallbackReason();
        if (reason == null || reason.isBlank()) return null;
        String from = null;
        for (RunInfo.TimelineEntry e : run.timeline()) {
            // the runtime writes "from simulated/primary: breaker_open"; the last fallback led to the answer
            if ("fallback".equals(e.kind()) && e.detail() != null && e.detail().startsWith("from ") && e.detail().contains(":")) {
                from = e.detail().substring(5, e.detail().indexOf(':')).strip();
            }
        }
        String words = ErrorText.fallbackReason(reason);
        return from == null || reason.contains(";") ? words : from + ": " + words;
    }

    private static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** A time of day to the millisecond, with the date in front when it is not today. */
    static String time(Instant t, Clock clock) {
        if (t == null) return null;
        var at = t.atZone(clock.getZone());
        String time = at.format(DateTimeFormatter.ofPattern("HH:mm:ss.SSS"));
        return at.toLocalDate().equals(LocalDate.now(clock)) ? time : at.toLocalDate() + " " + time;
    }

    private static String between(Instant from, Instant to) {
        Long ms = millis(from, to);
        return ms == null ? null : RunFormat.duration(ms);
    }

    private static Long millis(Instant from, Instant to) {
        return from == null || to == null ? null : Math.max(0, Duration.between(from, to).toMillis());
    }

    /** A placeholder only while the run is still going; a finished run without the value just omits it. */
    private static String notYet(RunInfo run, String text) {
        return run.status() != null && run.status().active() ? text : null;
    }

    private static void add(List<Fact> out, String group, String name, String value) {
        if (value != null && !value.isBlank()) out.add(new Fact(group, name, value));
    }
}
