package dev.flotilla.console.feature.budgets;

import dev.flotilla.console.fleet.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/** How budgets, money and alerts read on the page. */
final class BudgetText {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

    private BudgetText() {}

    static String usd(double v) {
        if (v == 0) return "$0";
        // small fleets spend fractions of a cent: show them, not "$0.00"
        if (Math.abs(v) < 1) return String.format(Locale.ROOT, "$%.4f", v);
        return String.format(Locale.ROOT, "$%,.2f", v);
    }

    static String scope(Money.Budget b) {
        String what = switch (b.scope()) {
            case "fleet" -> "the whole fleet";
            case "key" -> "API key " + b.subject();
            case "agent" -> "agent " + b.subject();
            case "model" -> "model " + b.subject();
            case "tool_role" -> "tool role " + b.subject();
            default -> b.scope() + " " + b.subject();
        };
        String per = "total".equals(b.period()) ? "in total" : "a " + b.period();
        return what + " · " + usd(b.limitUsd()) + " " + per + " · at the limit: " + b.action();
    }

    static String standing(Money.Budget b) {
        StringBuilder s = new StringBuilder(usd(b.spentUsd()) + " of " + usd(b.limitUsd()) + " spent");
        if (b.reservedUsd() > 0) s.append(" · ").append(usd(b.reservedUsd())).append(" reserved");
        s.append(" · ").append(usd(b.remainingUsd())).append(" left");
        s.append(" · burn ").append(usd(b.burnRateUsdPerHour())).append("/h");
        if (b.exhausted()) s.append(" · spent: new runs are refused");
        else if (b.forecastExhaustedAt() != null) s.append(" · runs out ~").append(when(b.forecastExhaustedAt()));
        if (b.periodEnd() != null) s.append(" · period ends ").append(when(b.periodEnd()));
        return s.toString();
    }

    static String when(Instant t) {
        return t == null ? "" : WHEN.format(t);
    }

    static String percent(double fraction) {
        return Math.round(fraction * 100) + "%";
    }

    static String thresholds(Money.Budget b) {
        return b.thresholds() == null ? "" : b.thresholds().stream().map(t -> Long.toString(Math.round(t * 100))).collect(Collectors.joining(", "));
    }

    static String deliveries(Money.Alert a) {
        if (a.deliveries().isEmpty()) return "no webhook yet";
        return a.deliveries().stream().map(d -> d.outcome() + (d.attempts() > 1 ? " after " + d.attempts() + " attempts" : "")
                + (d.lastStatus() != null && !"delivered".equals(d.outcome()) ? " (HTTP " + d.lastStatus() + ")" : "")
                + (d.lastError() != null && !"delivered".equals(d.outcome()) ? " (" + d.lastError() + ")" : ""))
                .collect(Collectors.joining("; "));
    }
}
