package dev.flotilla.console.fleet.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;

/** Money ({@code /v1/budgets}, {@code /v1/spend}, {@code /v1/alerts}): budgets and where they stand, spend by group, alerts and their deliveries. */
public final class BudgetsApi {

    private static final String WHAT = "budgets";

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

    private final GatewayHttp http;

    public BudgetsApi(GatewayHttp http) {
        this.http = http;
    }

    public CompletableFuture<List<Budget>> list() {
        return http.newer(http.send(http.get(http.url("v1", "budgets")), BudgetList.class), WHAT).thenApply(BudgetList::budgets);
    }

    /** Spend grouped by {@code groupBy} (agent, model, key, role, day, hour) over the UTC days {@code from} to {@code to} (yyyy-mm-dd). */
    public CompletableFuture<Spend> spend(String groupBy, String from, String to) {
        HttpUrl.Builder u = http.urlBuilder("v1/spend").addQueryParameter("group_by", groupBy);
        if (from != null) u.addQueryParameter("from", from);
        if (to != null) u.addQueryParameter("to", to);
        return http.newer(http.send(http.get(u.build()), Spend.class), WHAT);
    }

    public CompletableFuture<List<Alert>> alerts(int limit) {
        HttpUrl u = http.urlBuilder("v1/alerts").addQueryParameter("limit", Integer.toString(limit)).build();
        return http.newer(http.send(http.get(u), AlertList.class), WHAT).thenApply(AlertList::alerts);
    }

    /** Creates a budget (admin); completes with it. */
    public CompletableFuture<Budget> create(BudgetDraft draft) {
        return http.newer(http.send(http.post(http.url("v1", "budgets"), body(draft)), Budget.class), WHAT);
    }

    /** Changes budget {@code id} (admin); completes with it. */
    public CompletableFuture<Budget> update(String id, BudgetDraft draft) {
        GatewayHttp.requireId(id, "id");
        return http.newer(http.send(http.put(http.url("v1", "budgets", id), body(draft)), Budget.class), WHAT);
    }

    public CompletableFuture<Void> delete(String id) {
        GatewayHttp.requireId(id, "id");
        return http.newer(http.send(http.delete(http.url("v1", "budgets", id)), Void.class), WHAT);
    }

    private static JsonNode body(BudgetDraft d) {
        ObjectNode n = GatewayHttp.object();
        if (d.name() != null && !d.name().isBlank()) n.put("name", d.name());
        n.put("scope", d.scope());
        if (d.subject() != null && !d.subject().isBlank()) n.put("subject", d.subject());
        n.put("limit_usd", d.limitUsd());
        n.put("period", d.period());
        if (d.thresholds() != null && !d.thresholds().isEmpty()) d.thresholds().forEach(n.putArray("thresholds")::add);
        n.put("action", d.action());
        return n;
    }

    record BudgetList(List<Budget> budgets) {
        BudgetList {
            budgets = budgets == null ? List.of() : budgets;
        }
    }

    record AlertList(List<Alert> alerts) {
        AlertList {
            alerts = alerts == null ? List.of() : alerts;
        }
    }
}
