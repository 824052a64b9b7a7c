package dev.flotilla.console.feature.resilience;

import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetEvent;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resilience or fleet event in the words an operator reads: a short kind ("retry", "breaker"),
 * a sentence saying what happened, and a tone for its colour. Pure, so it is tested without a window.
 */
public final class EventText {

    public static final String DANGER = "danger";
    public static final String WARNING = "warning";
    public static final String OK = "ok";
    public static final String INFO = "info";

    private EventText() {}

    public static String kind(FleetEvent e) {
        return switch (e.type() == null ? "" : e.type()) {
            case FleetEvent.MODEL_RETRIED -> "retry";
            case FleetEvent.MODEL_FALLBACK -> "fallback";
            case FleetEvent.BREAKER_CHANGED -> "breaker";
            case FleetEvent.PROVIDER_THROTTLED -> "throttled";
            case FleetEvent.RATELIMIT_REJECTED -> "rate limit";
            case FleetEvent.RUN_RECLAIMED -> "reclaimed";
            case FleetEvent.DEADLETTER_ADDED -> "dead letter";
            case FleetEvent.DEADLETTER_REPLAYED -> "replayed";
            case FleetEvent.NODE_STATE -> "node";
            case FleetEvent.POOL_SCALED -> "pool";
            default -> e.type() == null ? "event" : e.type();
        };
    }

    /** A sentence that never starts with a run id, so ids keep their case. */
    public static String describe(FleetEvent e) {
        String run = or(e.runId(), "a run");
        return switch (e.type() == null ? "" : e.type()) {
            case FleetEvent.MODEL_RETRIED -> "Retried " + model(e.provider(), e.model()) + " for " + run
                    + (e.attempt() != null ? " after attempt " + e.attempt() + " failed" : " after a failed call")
                    + (e.errorCode() != null ? " (" + e.errorCode() + ")" : "")
                    + (e.waitMs() != null ? "; next try in " + duration(e.waitMs()) : "");
            case FleetEvent.MODEL_FALLBACK -> "Fell back from " + or(e.from(), "its model") + " to " + or(e.to(), "the next model")
                    + " for " + run + (e.reason() != null ? ": " + ErrorText.fallbackReason(e.reason()) : "");
            case FleetEvent.BREAKER_CHANGED -> "Breaker of " + model(e.provider(), e.model()) + " went "
                    + breaker(e.from()) + " → " + breaker(e.to()) + breakerMeaning(e.to());
            case FleetEvent.PROVIDER_THROTTLED -> "Waited " + (e.waitMs() != null ? duration(e.waitMs()) + " " : "")
                    + "for " + model(e.provider(), e.model()) + "'s " + limit(e.limit()) + " (" + run + ")";
            case FleetEvent.RATELIMIT_REJECTED -> "Refused a run over the " + scope(e.scope()) + subject(e.scope(), e.subject())
                    + (e.retryAfterMs() != null ? "; retry after " + duration(e.retryAfterMs()) : "");
            case FleetEvent.RUN_RECLAIMED -> "Took over " + run + (e.fromNode() != null ? " from node " + e.fromNode() : "")
                    + (e.deliveries() != null ? " (delivery " + e.deliveries() + ")" : "");
            case FleetEvent.DEADLETTER_ADDED -> "Moved " + run + " to the dead letters"
                    + (e.deliveries() != null ? " after " + e.deliveries() + (e.deliveries() == 1 ? " delivery" : " deliveries") : "")
                    // every dead letter's code is dead_lettered, which the sentence already says
                    + (e.errorCode() != null && !"dead_lettered".equals(e.errorCode()) ? " (" + e.errorCode() + ")" : "");
            case FleetEvent.DEADLETTER_REPLAYED -> "Replayed " + run + " from the dead letters";
            case FleetEvent.NODE_STATE -> "Node " + or(e.node(), "?") + " is now " + or(e.state(), "in an unknown state")
                    + (e.reason() != null && !e.reason().isBlank() ? " (" + who(e.reason()) + ")" : "");
            case FleetEvent.POOL_SCALED -> "Pool " + or(e.agent(), "?")
                    + (e.from() != null ? " went from " + e.from() + " to " : " scaled to ")
                    + (e.size() != null ? e.size() + (e.size() == 1 ? " agent" : " agents") : "a new size")
                    + (e.reason() != null ? " (" + e.reason() + ")" : "");
            default -> or(e.type(), "event") + (e.runId() != null ? " for " + e.runId() : "");
        };
    }

    public static String tone(FleetEvent e) {
        return switch (e.type() == null ? "" : e.type()) {
            case FleetEvent.BREAKER_CHANGED -> switch (lower(e.to())) {
                case "open", "forced_open" -> DANGER;
                case "closed" -> OK;
                default -> WARNING;
            };
            case FleetEvent.DEADLETTER_ADDED, FleetEvent.RATELIMIT_REJECTED -> DANGER;
            case FleetEvent.MODEL_RETRIED, FleetEvent.MODEL_FALLBACK, FleetEvent.PROVIDER_THROTTLED, FleetEvent.RUN_RECLAIMED -> WARNING;
            case FleetEvent.DEADLETTER_REPLAYED -> OK;
            case FleetEvent.NODE_STATE -> switch (lower(e.state())) {
                case "active" -> OK;
                case "lost" -> DANGER;
                default -> WARNING;
            };
            default -> INFO;
        };
    }

    /** "1.2 s", "300 ms", "2 min 5 s". */
    static String duration(long ms) {
        if (ms < 1_000) return ms + " ms";
        if (ms < 60_000) return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        return ms / 60_000 + " min " + ms / 1000 % 60 + " s";
    }

    private static String model(String provider, String model) {
        if (provider == null && model == null) return "the model";
        if (provider == null) return model;
        return model == null ? provider : provider + "/" + model;
    }

    private static String breaker(String state) {
        return state == null ? "?" : lower(state).replace('_', '-');
    }

    private static String breakerMeaning(String to) {
        return switch (lower(to)) {
            case "open", "forced_open" -> ": calls fail fast";
            case "half_open" -> ": probing with a few calls";
            case "closed" -> ": calls flow again";
            default -> "";
        };
    }

    private static String limit(String limit) {
        return switch (lower(limit)) {
            case "rpm" -> "requests-per-minute limit";
            case "tpm" -> "tokens-per-minute limit";
            case "" -> "limit";
            default -> limit + " limit";
        };
    }

    /** Who asked for a node's change: the runtime says "paused by an operator via n1"; the sentence already says paused. */
    private static String who(String reason) {
        Matcher m = VERB_BY.matcher(reason.strip());
        return m.matches() ? "by " + m.group(1) : reason.strip();
    }

    private static final Pattern VERB_BY = Pattern.compile("[a-z]+ by (.+)");

    /** The agent of an agent limit is named in the sentence; a key is only ever a short fingerprint. */
    private static String subject(String scope, String subject) {
        if (subject == null || subject.isBlank()) return "";
        return "key".equals(lower(scope)) && !subject.startsWith("key") ? " (key " + subject + ")" : " (" + subject + ")";
    }

    private static String scope(String scope) {
        return switch (lower(scope)) {
            case "key" -> "API key's rate limit";
            case "agent" -> "agent's rate limit";
            case "" -> "rate limit";
            default -> scope + " rate limit";
        };
    }

    private static String lower(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    }

    private static String or(String s, String otherwise) {
        return s == null || s.isBlank() ? otherwise : s;
    }
}
