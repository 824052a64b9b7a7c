package dev.flotilla.console.fleet.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flotilla.console.fleet.Money.Alert;
import dev.flotilla.console.fleet.Money.Budget;
import dev.flotilla.console.fleet.Money.BudgetDraft;
import dev.flotilla.console.fleet.Money.Spend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import okhttp3.HttpUrl;

/** Money ({@code /v1/budgets}, {@code /v1/spend}, {@code /v1/alerts}): budgets and where they stand, spend by group, alerts and their deliveries. */
public final class BudgetsApi {

    private static final String WHAT = "budgets";

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
