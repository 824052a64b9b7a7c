package dev.flotilla.console.feature.resilience;

import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fleet.NodeResilience;
import dev.flotilla.console.fleet.NodeState;
import dev.flotilla.console.fleet.ResilienceInfo;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.page.FleetLoad;
import dev.flotilla.console.page.Notice;
import dev.flotilla.console.page.PageViewModel;
import dev.flotilla.console.session.FleetSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The resilience panel: each node's circuit breakers, the fleet's resilience counters, and the
 * recent resilience events, newest first. It starts from {@code GET /v1/resilience} and then keeps
 * itself live: events arrive through the session's bridge (at most ten batches a second), breakers
 * and counters with every fleet snapshot, and a {@code breaker.changed} event flips its breaker at
 * once. The event list holds at most {@link #MAX_EVENTS}. FX thread only.
 *
 * <p>It also says whether something needs the operator's eye ({@link #openBreakersProperty()},
 * {@link #recentRejectionsProperty()}), which the shell shows as a badge on the page's nav button.
 */
public final class ResilienceViewModel extends PageViewModel {

    public static final int MAX_EVENTS = 500;
    /** The kind filter that shows every event. */
    public static final String ALL_KINDS = "All kinds";
    /** What the kind filter offers: every kind {@link EventText#kind} gives, the ones that need the operator first. */
    public static final List<String> KINDS = List.of(ALL_KINDS, "breaker", "rate limit", "dead letter", "retry", "fallback",
            "throttled", "reclaimed", "replayed", "node", "pool");
    /** Rate-limit rejections this recent count as a live problem; older ones are history. */
    public static final Duration REJECTIONS_WINDOW = Duration.ofMinutes(5);

    static final String NO_FLEET = "No fleet selected: pick one in the sidebar";
    static final String LOADING = "Loading the fleet's resilience…";
    static final String NO_EVENTS = "Nothing happened yet: retries, fallbacks, breaker changes, throttling,"
            + " rate-limit rejections and node changes will show here as they happen";
    static final String NO_BREAKERS = "No breakers: no node has called a model yet";
    static final String OLD_NODES_NO_BREAKERS = "No breakers: these nodes do not report them";
    static final String UNSUPPORTED = "This fleet's nodes run an older Flotilla version without breakers or resilience"
            + " counters; pool changes still show below as they happen.";

    private final Clock clock;
    private final ObservableList<BreakerRow> breakers = FXCollections.observableArrayList();
    private final ObservableList<EventRow> events = FXCollections.observableArrayList();
    private final FilteredList<EventRow> shownEvents = new FilteredList<>(events);
    private final StringProperty kindFilter = new SimpleStringProperty(ALL_KINDS);
    private final Set<FleetEvent> seen = new HashSet<>();
    private final LongProperty retries = new SimpleLongProperty();
    private final LongProperty fallbacks = new SimpleLongProperty();
    private final LongProperty throttled = new SimpleLongProperty();
    private final LongProperty rateLimited = new SimpleLongProperty();
    private final IntegerProperty openBreakers = new SimpleIntegerProperty();
    private final IntegerProperty recentRejections = new SimpleIntegerProperty();
    private final StringProperty attention = new SimpleStringProperty("");
    private final StringProperty eventsEmpty = new SimpleStringProperty(NO_FLEET);
    private final StringProperty breakersEmpty = new SimpleStringProperty(NO_FLEET);
    private final BooleanProperty supported = new SimpleBooleanProperty(true);
    private final FleetLoad<ResilienceInfo> resilience;
    /** Once fleet snapshots carry breakers and counters, they win: they are polled, so fresher. */
    private boolean fromSnapshots;

    public ResilienceViewModel(BackgroundExecutor background, Clock clock) {
        super(background);
        this.clock = clock;
        this.resilience = load(session -> session.client().resilience().get(), this::loaded, this::notLoaded);
        // during an outage every run falls back: the filter finds the breaker changes among hundreds of fallbacks
        kindFilter.addListener((o, was, now) -> shownEvents.setPredicate(
                now == null || ALL_KINDS.equals(now) ? null : row -> now.equals(row.kind())));
    }

    @Override
    protected void onSession(FleetSession session) {
        breakers.clear();
        events.clear();
        seen.clear();
        setCounters(List.of());
        supported.set(true);
        fromSnapshots = false;
        eventsEmpty.set(session == null ? NO_FLEET : LOADING);
        breakersEmpty.set(session == null ? NO_FLEET : LOADING);
        updateAttention();
        if (session == null) return;
        session.lastFleet().ifPresent(this::fromFleet);
        load();
    }

    /** Fetches breakers, counters and the recent events; live events that arrived meanwhile stay. */
    public void load() {
        resilience.request();
    }

    private void loaded(ResilienceInfo info) {
        supported.set(true);
        clearMessage();
        if (!fromSnapshots) setNodes(info.nodes());
        addAll(info.recent());
        eventsEmpty.set(NO_EVENTS);
        breakersEmpty.set(NO_BREAKERS);
    }

    private void notLoaded(Throwable error) {
        eventsEmpty.set(NO_EVENTS);
        if (ErrorText.unsupported(error)) {
            supported.set(false);
            breakersEmpty.set(OLD_NODES_NO_BREAKERS); // the page says why once, above
            clearMessage();
        } else {
            breakersEmpty.set(NO_BREAKERS);
            showError("Cannot load resilience: " + ErrorText.of(error));
        }
    }

    /** Back after a gap: fetch what was missed while the stream was down. */
    @Override
    protected void onReconnected() {
        load();
    }

    @Override
    protected void handle(List<FleetSignal> batch) {
        List<FleetEvent> fresh = new ArrayList<>();
        for (FleetSignal s : batch) {
            switch (s) {
                case FleetEvent e when e.isResilience() -> {
                    fresh.add(e);
                    if (FleetEvent.BREAKER_CHANGED.equals(e.type()) && e.to() != null) flip(e);
                }
                case FleetSnapshot snap -> fromFleet(snap.info());
                default -> { }
            }
        }
        if (!fresh.isEmpty()) addAll(fresh);
        else updateAttention(); // the rejection window moves on even when nothing happens
    }

    /** Breakers and counters from the fleet view, when its nodes report them (lost nodes' figures are stale). */
    private void fromFleet(FleetInfo info) {
        List<NodeResilience> live = new ArrayList<>();
        for (FleetInfo.Node n : info.nodes()) {
            if (n.resilience() != null && n.nodeState() != NodeState.LOST) live.add(n.resilience().withNodeId(n.nodeId()));
        }
        if (!live.isEmpty()) {
            fromSnapshots = true;
            supported.set(true);
            setNodes(live);
            breakersEmpty.set(NO_BREAKERS);
        }
    }

    private void setNodes(List<NodeResilience> nodes) {
        List<BreakerRow> next = new ArrayList<>();
        for (NodeResilience n : nodes) {
            n.breakers().forEach(b -> next.add(BreakerRow.of(n.nodeId(), b)));
        }
        next.sort(Comparator.comparingInt(BreakerRow::urgency).thenComparing(BreakerRow::node).thenComparing(BreakerRow::target));
        if (!next.equals(breakers)) breakers.setAll(next);
        setCounters(nodes);
        updateAttention();
    }

    private void setCounters(List<NodeResilience> nodes) {
        retries.set(nodes.stream().mapToLong(NodeResilience::retries).sum());
        fallbacks.set(nodes.stream().mapToLong(NodeResilience::fallbacks).sum());
        throttled.set(nodes.stream().mapToLong(NodeResilience::throttled).sum());
        rateLimited.set(nodes.stream().mapToLong(NodeResilience::rateLimited).sum());
    }

    private void flip(FleetEvent e) {
        if ("open".equals(e.to())) raise(Notice.warning(EventText.describe(e) + (e.node() == null ? "" : " (node " + e.node() + ")")));
        String target = e.provider() == null ? e.model() : e.model() == null ? e.provider() : e.provider() + "/" + e.model();
        for (int i = 0; i < breakers.size(); i++) {
            BreakerRow b = breakers.get(i);
            if (b.node().equals(e.node()) && b.target().equals(target)) breakers.set(i, b.withState(e.to()));
        }
    }

    /**
     * Adds events where their time puts them (newest first; almost always the top), once each,
     * keeping the newest {@link #MAX_EVENTS}. Rows are inserted, not replaced, so the table keeps
     * its selection and scroll position.
     */
    private void addAll(List<FleetEvent> batch) {
        for (FleetEvent e : batch) {
            if (!e.isResilience() || !seen.add(e)) continue;
            int at = 0;
            if (e.time() != null) {
                while (at < events.size() && events.get(at).at() != null && !events.get(at).at().isBefore(e.time())) at++;
            }
            events.add(at, EventRow.of(e, clock));
        }
        while (events.size() > MAX_EVENTS) seen.remove(events.removeLast().event());
        updateAttention();
    }

    private void updateAttention() {
        int open = (int) breakers.stream().filter(BreakerRow::open).count();
        Instant since = clock.instant().minus(REJECTIONS_WINDOW);
        int rejected = (int) events.stream()
                .filter(r -> FleetEvent.RATELIMIT_REJECTED.equals(r.event().type()) && r.at() != null && r.at().isAfter(since))
                .count();
        openBreakers.set(open);
        recentRejections.set(rejected);
        List<String> parts = new ArrayList<>();
        if (open > 0) parts.add(open + (open == 1 ? " breaker open" : " breakers open"));
        if (rejected > 0) {
            parts.add((rejected >= MAX_EVENTS ? MAX_EVENTS + "+" : Integer.toString(rejected))
                    + (rejected == 1 ? " rate-limit rejection" : " rate-limit rejections") + " in the last "
                    + REJECTIONS_WINDOW.toMinutes() + " min");
        }
        attention.set(String.join(" · ", parts));
    }

    public ObservableList<BreakerRow> breakers() { return breakers; }
    /** The recent resilience events, newest first, at most {@link #MAX_EVENTS}. */
    public ObservableList<EventRow> events() { return events; }
    /** {@link #events()} of the kind {@link #kindFilterProperty()} picks. */
    public ObservableList<EventRow> shownEvents() { return shownEvents; }
    /** One of {@link #KINDS}; {@link #ALL_KINDS} shows every event. */
    public StringProperty kindFilterProperty() { return kindFilter; }
    public ReadOnlyLongProperty retriesProperty() { return retries; }
    public ReadOnlyLongProperty fallbacksProperty() { return fallbacks; }
    public ReadOnlyLongProperty throttledProperty() { return throttled; }
    public ReadOnlyLongProperty rateLimitedProperty() { return rateLimited; }
    public ReadOnlyIntegerProperty openBreakersProperty() { return openBreakers; }
    /** Rate-limit rejections within {@link #REJECTIONS_WINDOW}. */
    public ReadOnlyIntegerProperty recentRejectionsProperty() { return recentRejections; }
    /** What needs the operator's eye, in words ("1 breaker open · 3 rate-limit rejections in the last 5 min"); empty when nothing. */
    public ReadOnlyStringProperty attentionProperty() { return attention; }
    public ReadOnlyStringProperty eventsEmptyProperty() { return eventsEmpty; }
    public ReadOnlyStringProperty breakersEmptyProperty() { return breakersEmpty; }
    /** False when the fleet's nodes are too old to report breakers and counters. */
    public ReadOnlyBooleanProperty supportedProperty() { return supported; }
}
