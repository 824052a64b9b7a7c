package dev.flotilla.console.feature.overview;

import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.page.PageViewModel;
import dev.flotilla.console.session.FleetSession;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The overview page's state: throughput, latency, errors and tokens computed from run events over
 * sliding windows, and agents and queue from the fleet snapshots. FX thread only.
 *
 * <p>While the page is shown, the shell calls {@link #refresh()} every {@link #REFRESH_EVERY} so rates
 * fall when the fleet goes quiet. While it is hidden, events are still recorded but nothing is
 * recomputed, and the timer stops ({@link #shownProperty()}); showing the page again recomputes at
 * once, so it never shows numbers from when it was last seen.
 */
public final class OverviewViewModel extends PageViewModel {

    public static final Duration REFRESH_EVERY = Duration.ofSeconds(1);

    private final StatsWindow stats;
    private final DoubleProperty runsPerSecond = new SimpleDoubleProperty();
    private final DoubleProperty p50 = new SimpleDoubleProperty();
    private final DoubleProperty p99 = new SimpleDoubleProperty();
    private final DoubleProperty errorRate = new SimpleDoubleProperty();
    private final DoubleProperty tokensPerMinute = new SimpleDoubleProperty();
    private final LongProperty busy = new SimpleLongProperty();
    private final LongProperty idle = new SimpleLongProperty();
    private final LongProperty queueDepth = new SimpleLongProperty();
    private final StringProperty model = new SimpleStringProperty("—");
    private final BooleanProperty simulated = new SimpleBooleanProperty();
    private final StringProperty nodes = new SimpleStringProperty("");
    private final ObjectProperty<List<StatsWindow.Point>> history = new SimpleObjectProperty<>(List.of());

    public OverviewViewModel(Clock clock) {
        this.stats = new StatsWindow(clock);
    }

    /** Shows {@code session} (null for none); starts from zero, since the windows belong to one fleet. */
    @Override
    protected void onSession(FleetSession session) {
        stats.reset();
        busy.set(0);
        idle.set(0);
        queueDepth.set(0);
        model.set("—");
        simulated.set(false);
        nodes.set("");
        if (session != null) session.lastFleet().ifPresent(this::apply);
        refresh();
    }

    /** The page was shown (recomputes at once) or hidden (nothing is recomputed until it shows again). */
    @Override
    protected void onShown(boolean now) {
        if (now) recompute();
    }

    @Override
    public Optional<Duration> tickEvery() {
        return Optional.of(REFRESH_EVERY);
    }

    /** Rates must decay when no event arrives, so the page recomputes on its own while it is shown. */
    @Override
    public void tick() {
        refresh();
    }

    @Override
    protected void handle(List<FleetSignal> batch) {
        for (FleetSignal s : batch) {
            if (s instanceof FleetEvent e) stats.record(e);
            else if (s instanceof FleetSnapshot snap) apply(snap.info());
        }
        refresh();
    }

    /** Recomputes the rates and the history, unless the page is hidden. */
    public void refresh() {
        if (shownProperty().get()) recompute();
    }

    private void recompute() {
        StatsWindow.Stats s = stats.compute();
        runsPerSecond.set(s.runsPerSecond());
        p50.set(s.p50Ms());
        p99.set(s.p99Ms());
        errorRate.set(s.errorRatePercent());
        tokensPerMinute.set(s.tokensPerMinute());
        history.set(s.history());
    }

    private void apply(FleetInfo info) {
        busy.set(info.busy());
        idle.set(info.idle());
        queueDepth.set(info.queue().depth());
        String models = info.nodes().stream().map(FleetInfo.Node::model).distinct().collect(Collectors.joining(", "));
        model.set(models.isEmpty() ? "—" : models);
        simulated.set(info.anySimulated());
        int n = info.nodes().size();
        int lost = n - info.liveNodes().size();
        nodes.set(n + (n == 1 ? " node" : " nodes") + (lost > 0 ? " (" + lost + " lost)" : ""));
    }

    public ReadOnlyDoubleProperty runsPerSecondProperty() { return runsPerSecond; }
    public ReadOnlyDoubleProperty p50Property() { return p50; }
    public ReadOnlyDoubleProperty p99Property() { return p99; }
    public ReadOnlyDoubleProperty errorRateProperty() { return errorRate; }
    public ReadOnlyDoubleProperty tokensPerMinuteProperty() { return tokensPerMinute; }
    public ReadOnlyLongProperty busyProperty() { return busy; }
    public ReadOnlyLongProperty idleProperty() { return idle; }
    public ReadOnlyLongProperty queueDepthProperty() { return queueDepth; }
    public ReadOnlyStringProperty modelProperty() { return model; }
    /** True when a node of the fleet reports a simulated model; the page labels it so. */
    public ReadOnlyBooleanProperty simulatedProperty() { return simulated; }
    public ReadOnlyStringProperty nodesProperty() { return nodes; }
    public ReadOnlyObjectProperty<List<StatsWindow.Point>> historyProperty() { return history; }
}
