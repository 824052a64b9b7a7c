package dev.flotilla.console.feature.overview;

import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fx.FxEventBridge;
import dev.flotilla.console.page.PageViewModel;
import dev.flotilla.console.session.FleetSession;
import java.time.Clock;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
 *
 * <p>Each fleet keeps its own windows while the console runs: once a fleet has been shown, its
 * finished runs are recorded even while another fleet is, so switching back shows its chart and
 * rates as they are, not from zero. A window holds at most {@link StatsWindow#HISTORY} of runs, and a
 * fleet's windows go when its session closes (the fleet was removed).
 *
 * <p>A tile shows a figure only once it was measured: until the fleet first reports,
 * {@link #fleetWaitingProperty()} says so; latency and error rate need runs that finished
 * ({@link #runsWaitingProperty()}).
 */
public final class OverviewViewModel extends PageViewModel {

    public static final Duration REFRESH_EVERY = Duration.ofSeconds(1);
    public static final String WAITING = "waiting for data";
    public static final String NO_RUNS_FINISHED = "no runs finished in the last " + StatsWindow.LATENCY_WINDOW.toSeconds() + " s";

    private final Clock clock;
    /** The windows of every fleet shown since the console started, each recording its own events. */
    private final Map<FleetSession, FleetHistory> histories = new IdentityHashMap<>();
    /**
     * The shown fleet's history. With no fleet it is a history of its own, which records no fleet's
     * subscription: only batches handed in ({@link #handle}, tests) feed it.
     */
    private FleetHistory shownHistory;
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
    private final BooleanProperty fleetReported = new SimpleBooleanProperty();
    private final StringProperty fleetWaiting = new SimpleStringProperty(WAITING);
    private final StringProperty runsWaiting = new SimpleStringProperty(WAITING);

    public OverviewViewModel(Clock clock) {
        this.clock = clock;
        this.shownHistory = noFleet();
        fleetReported.addListener((o, was, now) -> fleetWaiting.set(now ? "" : WAITING));
    }

    /** Shows {@code next} (null for none) with the windows it has kept since it was first shown. */
    @Override
    protected void onSession(FleetSession next) {
        forgetClosedFleets();
        shownHistory = next == null ? noFleet() : histories.computeIfAbsent(next, this::startRecording);
        busy.set(0);
        idle.set(0);
        queueDepth.set(0);
        model.set("—");
        simulated.set(false);
        nodes.set("");
        fleetReported.set(false);
        if (next != null) next.lastFleet().ifPresent(this::apply);
        refresh();
    }

    /**
     * From now on {@code s}'s finished runs are recorded, shown or not (its snapshots reach the page
     * through {@link #handle} while it shows). The watch starts when the fleet is first heard from:
     * the time before is no run, not zero runs.
     */
    private FleetHistory startRecording(FleetSession s) {
        FleetHistory h = new FleetHistory(new StatsWindow(clock), s.lastFleet().isPresent());
        h.subscription = s.signals().subscribe(batch -> {
            for (FleetSignal signal : batch) {
                if (!h.watching && (signal instanceof FleetSnapshot || signal instanceof FleetEvent)) h.startWatching();
                if (signal instanceof FleetEvent e) h.stats.record(e);
            }
            // the page may have taken this batch first: its figures include the runs just recorded
            if (isCurrent(s)) refresh();
        });
        return h;
    }

    private FleetHistory noFleet() {
        return new FleetHistory(new StatsWindow(clock), false);
    }

    /** A closed session's fleet was removed: its windows go with it (its bridge already dropped the subscription). */
    private void forgetClosedFleets() {
        histories.entrySet().removeIf(h -> {
            if (!h.getKey().signals().isClosed()) return false;
            h.getValue().subscription.close();
            return true;
        });
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

    /**
     * A batch of the fleet shown. Its runs are recorded by the fleet's own history (which records
     * while it is hidden too); only batches handed in with no fleet (tests) are recorded here.
     */
    @Override
    protected void handle(List<FleetSignal> batch) {
        FleetHistory h = shownHistory;
        for (FleetSignal s : batch) {
            if (h.subscription == null) {
                // runs handed in with no fleet count from when the page was made, as its rates do
                if (s instanceof FleetSnapshot || s instanceof FleetEvent) h.watching = true;
                if (s instanceof FleetEvent e) h.stats.record(e);
            }
            if (s instanceof FleetSnapshot snap) apply(snap.info());
        }
        refresh();
    }

    /** Recomputes the rates and the history, unless the page is hidden. */
    public void refresh() {
        if (shownProperty().get()) recompute();
    }

    private void recompute() {
        StatsWindow.Stats s = shownHistory.stats.compute();
        runsPerSecond.set(s.runsPerSecond());
        p50.set(s.p50Ms());
        p99.set(s.p99Ms());
        errorRate.set(s.errorRatePercent());
        tokensPerMinute.set(s.tokensPerMinute());
        // no points before the fleet shown was first heard from (or while no fleet is): not a line of zeros
        history.set(shownHistory.watching ? s.history() : List.of());
        runsWaiting.set(!fleetReported.get() ? WAITING : s.finishedInWindow() == 0 ? NO_RUNS_FINISHED : "");
        forgetClosedFleets();
    }

    private void apply(FleetInfo info) {
        fleetReported.set(true);
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
    /** "waiting for data" until the fleet shown first reports; empty from then on (agents, queue, rates are measured). */
    public ReadOnlyStringProperty fleetWaitingProperty() { return fleetWaiting; }
    /**
     * Why latency and error rate have no figure: "waiting for data" before the fleet reports, "no
     * runs finished in the last 60 s" when none did; empty when they are measured.
     */
    public ReadOnlyStringProperty runsWaitingProperty() { return runsWaiting; }

    /** One fleet's windows, the subscription that keeps them recording, and whether the fleet was heard from yet. */
    private static final class FleetHistory {
        final StatsWindow stats;
        /** Null for the history of no fleet. */
        FxEventBridge.Subscription subscription;
        boolean watching;

        FleetHistory(StatsWindow stats, boolean watching) {
            this.stats = stats;
            this.watching = watching;
        }

        void startWatching() {
            stats.reset();
            watching = true;
        }
    }
}
