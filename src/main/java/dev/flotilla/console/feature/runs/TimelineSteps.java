package dev.flotilla.console.feature.runs;

import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.RunInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A run's timeline as the detail pane draws it: one step per entry, in order, each with its time,
 * how long after the first step it came, a title in words, a detail line and a tone for its dot.
 * Pure, so it is tested without a window. A run from a node without timelines has no steps.
 */
public final class TimelineSteps {

    public static final String OK = "ok";
    public static final String WARNING = "warning";
    public static final String DANGER = "danger";
    public static final String NEUTRAL = "neutral";

    /** One step: {@code offset} is "+1.2 s" from the first step ("" for the first). */
    public record Step(String kind, String time, String offset, String title, String detail, String tone) {}

    private TimelineSteps() {}

    public static List<Step> of(RunInfo run, Clock clock) {
        List<Step> out = new ArrayList<>();
        Instant first = run.timeline().stream().map(RunInfo.TimelineEntry::at).filter(t -> t != null).findFirst().orElse(null);
        for (RunInfo.TimelineEntry e : run.timeline()) {
            String kind = e.kind() == null ? "" : e.kind().strip().toLowerCase(Locale.ROOT);
            out.add(new Step(kind, RunFacts.time(e.at(), clock), offset(first, e.at()), title(kind, e), detail(kind, e), tone(kind, e)));
        }
        return List.copyOf(out);
    }

    private static String title(String kind, RunInfo.TimelineEntry e) {
        String model = e.model() == null || e.model().isBlank() ? null : e.model();
        String took = e.durationMs() == null ? null : RunFormat.duration(e.durationMs());
        return switch (kind) {
            case "queued" -> "Queued";
            case "started" -> "Started";
            case "reclaimed" -> "Reclaimed after its node went silent";
            case "attempt" -> join("Attempt", model, took);
            // written as the wait begins: the next attempt comes after it
            case "retry" -> join("Retry", model, took == null ? null : e.durationMs() == 0 ? "at once" : "after " + took);
            // a provider's budget or its bulkhead: the detail says which
            case "wait" -> join(took == null ? "Waited" : "Waited " + took, model);
            case "fallback" -> model == null ? "Fell back to the next model" : "Fell back to " + model;
            case "breaker_open" -> model == null ? "Breaker open: failed fast" : "Breaker of " + model + " open: failed fast";
            // the agent asked a tool between two model calls: that is why a second round of attempts follows
            case "tool" -> join("Tool call", blankToNull(e.tool()), took);
            case "handed_back" -> "Handed back to the queue";
            case "succeeded" -> join("Succeeded", model, took);
            case "failed" -> "Failed";
            case "cancelled" -> "Cancelled";
            case "dead_lettered" -> "Moved to the dead letters";
            case "replayed" -> "Replayed from the dead letters";
            case "" -> "Step";
            default -> Character.toUpperCase(kind.charAt(0)) + kind.substring(1).replace('_', ' ');
        };
    }

    /** The entry's own words; for an attempt they are its outcome. What the title says already is left out. */
    private static String detail(String kind, RunInfo.TimelineEntry e) {
        String d = e.detail() == null ? "" : e.detail().strip();
        return switch (kind) {
            case "attempt" -> d.isEmpty() ? "" : "outcome: " + d;
            case "tool" -> toolOutcome(e.outcome(), d);
            case "breaker_open" -> d.startsWith("circuit breaker open") ? "" : d;
            case "fallback" -> ErrorText.fallbackReason(d);
            case "wait" -> waitedFor(d);
            default -> d;
        };
    }

    /** The runtime says "provider budget (rpm)" or "bulkhead of provider openai". */
    private static String waitedFor(String why) {
        if (why.startsWith("provider budget")) return "for the provider's budget" + why.substring("provider budget".length());
        if (why.startsWith("bulkhead of provider ")) {
            return "for a free slot in the bulkhead of provider " + why.substring("bulkhead of provider ".length());
        }
        return why;
    }

    private static String tone(String kind, RunInfo.TimelineEntry e) {
        return switch (kind) {
            case "succeeded", "replayed" -> OK;
            case "failed", "dead_lettered", "breaker_open" -> DANGER;
            case "retry", "wait", "fallback", "reclaimed", "handed_back", "cancelled" -> WARNING;
            case "attempt" -> succeeded(e.detail()) ? OK : WARNING;
            case "tool" -> toolTone(e.outcome());
            default -> NEUTRAL;
        };
    }

    /** "outcome: ok", "outcome: error: what the tool said", "outcome: refused: why"; the detail alone from a node that gives no outcome. */
    private static String toolOutcome(String outcome, String detail) {
        String o = outcome == null ? "" : outcome.strip().toLowerCase(Locale.ROOT);
        if (o.isEmpty()) return detail;
        return "outcome: " + o + (detail.isEmpty() ? "" : ": " + detail);
    }

    /** A failed tool call is answered to the model, which carries on; a refused one is a policy saying no. */
    private static String toolTone(String outcome) {
        String o = outcome == null ? "" : outcome.strip().toLowerCase(Locale.ROOT);
        return switch (o) {
            case "ok" -> OK;
            case "error" -> WARNING;
            case "refused" -> DANGER;
            default -> NEUTRAL;
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** An attempt with no outcome given, or one that reads as success. */
    private static boolean succeeded(String outcome) {
        if (outcome == null || outcome.isBlank()) return true;
        String o = outcome.strip().toLowerCase(Locale.ROOT);
        return o.equals("ok") || o.startsWith("ok ") || o.startsWith("ok:") || o.startsWith("succeeded") || o.startsWith("success");
    }

    private static String offset(Instant first, Instant at) {
        if (first == null || at == null || at.equals(first)) return "";
        long ms = Duration.between(first, at).toMillis();
        return (ms < 0 ? "−" : "+") + RunFormat.duration(Math.abs(ms));
    }

    private static String join(String... parts) {
        StringBuilder s = new StringBuilder();
        for (String p : parts) {
            if (p == null || p.isBlank()) continue;
            if (!s.isEmpty()) s.append(" · ");
            s.append(p);
        }
        return s.toString();
    }
}
