package dev.flotilla.runtime.money;

import dev.flotilla.runtime.money.budget.Budget;
import dev.flotilla.runtime.money.budget.BudgetBook;
import dev.flotilla.runtime.money.budget.SpendScript;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;

/**
 * The money metrics: what this node's calls cost (a counter per agent and model), and each budget's
 * spend and limit as the node last heard them (fleet-wide figures, so any node's scrape is right).
 */
final class MoneyMetrics {

    private final Counter cost;
    private final Counter rejections;
    private final Counter alerts;

    MoneyMetrics(PrometheusRegistry registry, BudgetBook book, Clock clock) {
        cost = Counter.builder().name("flotilla_cost_usd").help("USD spent on model calls by this node, by agent and model.")
                .labelNames("agent", "model").register(registry);
        rejections = Counter.builder().name("flotilla_budget_rejections").help("Model calls and runs a budget refused, by budget.")
                .labelNames("budget").register(registry);
        alerts = Counter.builder().name("flotilla_budget_alerts").help("Budget thresholds crossed (budget.threshold events) seen by this node.")
                .labelNames("budget").register(registry);
        GaugeWithCallback.builder().name("flotilla_budget_spent_usd").help("USD spent in each budget's current period, fleet-wide.")
                .labelNames("budget").callback(cb -> {
                    for (Budget b : book.all()) {
                        SpendScript.State s = book.state(b, clock.instant());
                        cb.call(s == null ? 0 : s.spent(), b.id());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("flotilla_budget_limit_usd").help("Each budget's limit in USD per period.")
                .labelNames("budget").callback(cb -> {
                    for (Budget b : book.all()) cb.call(b.limitUsd(), b.id());
                }).register(registry);
    }

    void cost(String agent, String model, double usd) {
        if (usd > 0) cost.labelValues(agent, model).inc(usd);
    }

    void rejected(String budget) {
        rejections.labelValues(budget).inc();
    }

    void alerted(String budget) {
        alerts.labelValues(budget).inc();
    }
}
