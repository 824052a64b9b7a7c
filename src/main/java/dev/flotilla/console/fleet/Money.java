package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** Money as the fleet's nodes describe it ({@code /v1/budgets}, {@code /v1/spend}, {@code /v1/alerts}). */
public final class Money {

    private Money() {}

    /** A budget and where it stands this period. */
    public record Budget(String id, String name, String scope, String subject, @JsonProperty("limit_usd") double limitUsd,
                         String period, List<Double> thresholds, String action,
                         @JsonProperty("spent_usd") double spentUsd, @JsonProperty("reserved_usd") double reservedUsd,
                         @JsonProperty("remaining_usd") double remainingUsd, @JsonProperty("period_end") Instant periodEnd,
                         @JsonProperty("burn_rate_usd_per_hour") double burnRateUsdPerHour,
                         @JsonProperty("forecast_exhausted_at") Instant forecastExhaustedAt, boolean exhausted) {}

    /** What a budget should be: the fields an admin sets. */
    public record BudgetDraft(String name, String scope, String subject, double limitUsd, String period, List<Double> thresholds,
                              String action) {}

    /** Spend in one group (an agent, a model, a key, a day or an hour). */
    public record SpendGroup(String key, @JsonProperty("cost_usd") double costUsd) {}

    public record Spend(@JsonProperty("group_by") String groupBy, String from, String to, @JsonProperty("total_usd") double totalUsd,
                        long calls, List<SpendGroup> groups) {
        public Spend {
            groups = groups == null ? List.of() : groups;
        }
    }

    /** A delivery of an alert to one webhook: delivered, retrying, gave_up. */
    public record Delivery(String webhook, String url, String outcome, int attempts, @JsonProperty("last_status") Integer lastStatus,
                           @JsonProperty("last_error") String lastError, @JsonProperty("next_attempt_at") Instant nextAttemptAt) {}

    public record Alert(@JsonProperty("alert_id") String alertId, @JsonProperty("budget_id") String budgetId, String budget,
                        double threshold, @JsonProperty("spent_usd") double spentUsd, @JsonProperty("limit_usd") double limitUsd,
                        String period, Instant at, List<Delivery> deliveries) {
        public Alert {
            deliveries = deliveries == null ? List.of() : deliveries;
        }
    }
}
