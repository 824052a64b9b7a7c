package dev.flotilla.console.feature.budgets;

import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetApiException;
import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.Money;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.page.FleetLoad;
import dev.flotilla.console.page.Notice;
import dev.flotilla.console.page.PageViewModel;
import dev.flotilla.console.session.FleetSession;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The budgets page: every budget with where it stands (spent, reserved, remaining, burn rate and
 * forecast), spend over the last days grouped by agent, model, key or day, and the alerts that fired
 * with their webhook deliveries. Reloads on {@code budget.threshold} events (raising a notification)
 * and every few seconds while shown. Creating and changing budgets needs an admin key; the view
 * collects the form, this checks it and says what is wrong in words. FX thread only.
 */
public final class BudgetsViewModel extends PageViewModel {

    static final String NO_FLEET = "No fleet selected: pick one in the sidebar";
    static final String LOADING = "Loading budgets…";
    static final String NONE = "No budgets yet: spending is not limited. Add one with New budget (admin key).";
    static final String UNSUPPORTED = "This fleet's nodes run an older Flotilla version without budgets; update them to use this page.";
    public static final List<String> GROUPS = List.of("agent", "model", "key", "day");
    public static final List<String> SCOPES = List.of("fleet", "key", "agent", "model", "tool_role");
    public static final List<String> PERIODS = List.of("day", "week", "month", "total");
    public static final List<String> ACTIONS = List.of("refuse", "downgrade");
    static final int DAYS = 14;

    private final ObservableList<Money.Budget> budgets = FXCollections.observableArrayList();
    private final ObservableList<Money.SpendGroup> spend = FXCollections.observableArrayList();
    private final ObservableList<Money.Alert> alerts = FXCollections.observableArrayList();
    private final StringProperty groupBy = new SimpleStringProperty("day");
    private final SimpleDoubleProperty spendTotal = new SimpleDoubleProperty();
    private final StringProperty emptyText = new SimpleStringProperty(NO_FLEET);
    private final BooleanProperty working = new SimpleBooleanProperty();
    private final FleetLoad<List<Money.Budget>> budgetLoad;
    private final FleetLoad<Money.Spend> spendLoad;
    private final FleetLoad<List<Money.Alert>> alertLoad;

    public BudgetsViewModel(BackgroundExecutor background) {
        super(background);
        budgetLoad = load(s -> s.client().budgets().list(), this::listed, this::notListed);
        spendLoad = load(s -> s.client().budgets().spend(groupBy.get(), LocalDate.now(ZoneOffset.UTC).minusDays(DAYS - 1).toString(), null),
                this::spent, e -> { });
        alertLoad = load(s -> s.client().budgets().alerts(50), a -> {
            if (!a.equals(alerts)) alerts.setAll(a);
        }, e -> { });
        groupBy.addListener((o, was, now) -> spendLoad.request());
    }

    @Override
    protected void onSession(FleetSession session) {
        budgets.clear();
        spend.clear();
        alerts.clear();
        spendTotal.set(0);
        working.set(false);
        emptyText.set(session == null ? NO_FLEET : LOADING);
        if (session != null) reload();
    }

    @Override
    protected void handle(List<FleetSignal> batch) {
        boolean alerted = false;
        for (FleetSignal s : batch) {
            if (s instanceof FleetEvent e && "budget.threshold".equals(e.type())) alerted = true;
        }
        if (alerted) {
            raise(Notice.warning("A budget crossed an alert threshold: see Budgets"));
            reload();
        }
    }

    @Override
    protected void onReconnected() {
        reload();
    }

    @Override
    public Optional<Duration> tickEvery() {
        return Optional.of(Duration.ofSeconds(5));
    }

    @Override
    public void tick() {
        if (session() != null && shownProperty().get()) reload();
    }

    public void reload() {
        budgetLoad.request();
        spendLoad.request();
        alertLoad.request();
    }

    private void listed(List<Money.Budget> found) {
        if (!found.equals(budgets)) budgets.setAll(found);
        emptyText.set(NONE);
    }

    private void notListed(Throwable error) {
        emptyText.set(ErrorText.unsupported(error) ? UNSUPPORTED : "Cannot list budgets: " + ErrorText.of(error));
    }

    private void spent(Money.Spend s) {
        List<Money.SpendGroup> groups = new ArrayList<>(s.groups());
        if (!"day".equals(s.groupBy())) groups.sort((a, b) -> Double.compare(b.costUsd(), a.costUsd()));
        if (!groups.equals(spend)) spend.setAll(groups);
        spendTotal.set(s.totalUsd());
    }

    /**
     * Checks a budget form; empty when it is good, else what to fix. {@code limit} and
     * {@code thresholds} are as typed ({@code thresholds}: percentages, comma-separated, may be blank).
     */
    public static Optional<String> problem(String scope, String subject, String limit, String thresholds) {
        if (!SCOPES.contains(scope)) return Optional.of("Pick what the budget limits");
        if (!"fleet".equals(scope) && (subject == null || subject.isBlank())) {
            return Optional.of("Name the " + scope.replace('_', ' ') + " the budget limits");
        }
        if ("model".equals(scope) && !subject.trim().matches("[a-z][a-z0-9_-]*/\\S+")) return Optional.of("A model is written provider/model, e.g. simulated/primary");
        try {
            double v = Double.parseDouble(limit.trim());
            if (!(v > 0) || Double.isInfinite(v)) return Optional.of("The limit must be more than 0 USD");
        } catch (RuntimeException e) {
            return Optional.of("The limit must be a number of USD, e.g. 25 or 0.5");
        }
        try {
            for (double t : percentages(thresholds)) if (!(t > 0 && t <= 100)) return Optional.of("Alert thresholds are percentages above 0, at most 100");
        } catch (NumberFormatException e) {
            return Optional.of("Alert thresholds are percentages separated by commas, e.g. 50, 80, 100");
        }
        return Optional.empty();
    }

    static List<Double> percentages(String text) {
        List<Double> out = new ArrayList<>();
        if (text == null || text.isBlank()) return out;
        for (String part : text.split(",")) if (!part.isBlank()) out.add(Double.parseDouble(part.trim().replace("%", "")));
        return out;
    }

    /** Creates ({@code id} null) or changes a budget from the form; the form was checked with {@link #problem}. */
    public void save(String id, String name, String scope, String subject, String limit, String period, String thresholds, String action) {
        FleetSession session = session();
        if (session == null || working.get()) return;
        Optional<String> wrong = problem(scope, subject, limit, thresholds);
        if (wrong.isPresent()) {
            showError(wrong.get());
            return;
        }
        List<Double> fractions = percentages(thresholds).stream().map(p -> p / 100).toList();
        Money.BudgetDraft draft = new Money.BudgetDraft(name, scope, "fleet".equals(scope) ? null : subject.trim(),
                Double.parseDouble(limit.trim()), period, fractions, action);
        String what = name == null || name.isBlank() ? (id == null ? "the new budget" : "budget " + id) : "budget " + name;
        CompletableFuture<Money.Budget> call = id == null ? session.client().budgets().create(draft) : session.client().budgets().update(id, draft);
        working.set(true);
        showMessage("Saving " + what + "…");
        onAnswer(session, call, b -> {
            working.set(false);
            showMessage("Saved " + what + ": " + BudgetText.usd(b.limitUsd()) + ("total".equals(b.period()) ? " in total" : " a " + b.period()));
            reload();
        }, error -> {
            working.set(false);
            actionFailed("Saving " + what + " failed: " + (forbidden(error) ? "changing budgets needs an admin key" : ErrorText.of(error)));
        });
    }

    private static boolean forbidden(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof FleetApiException api && api.status() == 403;
    }

    public ObservableList<Money.Budget> budgets() { return budgets; }
    public ObservableList<Money.SpendGroup> spend() { return spend; }
    public ObservableList<Money.Alert> alerts() { return alerts; }
    /** How spend is grouped: agent, model, key or day. */
    public StringProperty groupByProperty() { return groupBy; }
    public ReadOnlyDoubleProperty spendTotalProperty() { return spendTotal; }
    public ReadOnlyStringProperty emptyTextProperty() { return emptyText; }
    public ReadOnlyBooleanProperty workingProperty() { return working; }
}
