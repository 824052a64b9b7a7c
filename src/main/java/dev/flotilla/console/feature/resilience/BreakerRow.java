package dev.flotilla.console.feature.resilience;

import dev.flotilla.console.fleet.Breaker;
import java.util.Locale;

/** One breaker of one node, as the breakers table shows it. */
public record BreakerRow(String node, String target, String state, String failureRate, String slowCallRate, String calls,
                         boolean open, boolean halfOpen) {

    static BreakerRow of(String node, Breaker b) {
        String state = b.normalized().isEmpty() ? "unknown" : b.normalized();
        return new BreakerRow(node == null ? "" : node, b.target(), state, rate(b.failureRate()), rate(b.slowCallRate()),
                b.calls() == null ? "—" : String.format(Locale.ROOT, "%,d", b.calls()), b.isOpen(), b.isHalfOpen());
    }

    /** The same breaker in another state, as a {@code breaker.changed} event reports it. */
    BreakerRow withState(String to) {
        String s = to.strip().toLowerCase(Locale.ROOT);
        return new BreakerRow(node, target, s, failureRate, slowCallRate, calls,
                s.equals("open") || s.equals("forced_open"), s.equals("half_open"));
    }

    /** A percentage; "—" while the breaker has too few calls to judge ({@code -1}) or none is given. */
    static String rate(Double pct) {
        if (pct == null || pct < 0) return "—";
        return String.format(Locale.ROOT, "%.1f %%", pct);
    }

    /** Open breakers first, then half-open, then the rest. */
    int urgency() {
        return open ? 0 : halfOpen ? 1 : 2;
    }
}
