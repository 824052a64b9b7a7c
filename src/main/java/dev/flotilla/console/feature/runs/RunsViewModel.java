package dev.flotilla.console.feature.runs;

import dev.flotilla.console.fleet.ConnectionState;
import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fleet.RunInfo;
import dev.flotilla.console.fleet.RunStatus;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.page.FleetLoad;
import dev.flotilla.console.page.PageViewModel;
import dev.flotilla.console.session.FleetSession;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The runs page: recent runs kept live from run events (with a list refresh to fill in input and
 * output), a status filter and a search, the detail of the selected run, and cancelling it.
 * FX thread only.
 */
public final class RunsViewModel extends PageViewModel {

    static final int FETCH_LIMIT = 200;
    static final int MAX_ROWS = 500;
    private static final long MIN_RELOAD_GAP_MS = 2_000;

    static final String NO_FLEET = "No fleet selected: pick one in the sidebar";
    static final String NO_RUNS = "No runs yet — submit one below";
    static final String NO_MATCH = "No runs match this status and search";
    static final String CONNECTING = "Connecting to this fleet…";
    static final String UNREACHABLE = "This fleet cannot be reached now; the sidebar says why";
    static final String NOT_RUNNING = "This fleet is not running: ";

    private final Clock clock;
    private final ObservableList<RunRow> rows = FXCollections.observableArrayList(RunRow::observables);
    private final FilteredList<RunRow> visible = new FilteredList<>(rows);
    private final Map<String, RunRow> byId = new HashMap<>();
    private final ObjectProperty<RunFilter> filter = new SimpleObjectProperty<>(RunFilter.ALL);
    /** The selected run's answer as it streams in ({@code run.delta}); empty when it does not stream. */
    private final StringProperty streamingOutput = new SimpleStringProperty("");
    private final StringProperty search = new SimpleStringProperty("");
    private final StringProperty selectedId = new SimpleStringProperty();
    private final ObjectProperty<RunInfo> detail = new SimpleObjectProperty<>();
    private final ObjectProperty<List<RunFacts.Fact>> detailFacts = new SimpleObjectProperty<>(List.of());
    private final ObjectProperty<List<TimelineSteps.Step>> detailTimeline = new SimpleObjectProperty<>(List.of());
    private final StringBinding emptyText;
    private final BooleanProperty detailSimulated = new SimpleBooleanProperty();
    private final BooleanProperty cancelling = new SimpleBooleanProperty();
    private final BooleanBinding canCancel;
    private final FleetLoad<List<RunInfo>> recent;
    private final FleetLoad<RunInfo> selectedRun;
    private FleetInfo fleet;
    private boolean dirty;
    private long lastReloadMs;

    public RunsViewModel(BackgroundExecutor background, Clock clock) {
        super(background);
        this.clock = clock;
        recent = load(session -> session.client().runs().list(null, FETCH_LIMIT), runs -> {
            lastReloadMs = clock.millis();
            merge(runs);
        }, error -> {
            lastReloadMs = clock.millis();
            dirty = true; // try again with the next snapshot
        });
        selectedRun = load(session -> session.client().runs().get(selectedId.get()), this::showDetail, this::detailFailed);
        visible.predicateProperty().bind(Bindings.createObjectBinding(
                () -> row -> filter.get().accepts(row.statusProperty().get(), row.guardFlaggedProperty().get()) && row.matches(search.get()),
                filter, search));
        selectedId.addListener((o, was, now) -> {
            streamingOutput.set("");
            detail.set(null);
            detailSimulated.set(false);
            if (now != null) loadDetail();
        });
        detail.addListener((o, was, run) -> {
            detailFacts.set(run == null ? List.of() : RunFacts.of(run, clock));
            detailTimeline.set(run == null ? List.of() : TimelineSteps.of(run, clock));
        });
        emptyText = Bindings.createStringBinding(this::whyEmpty, sessionProperty(), connectionProperty(), rows);
        canCancel = Bindings.createBooleanBinding(
                () -> detail.get() != null && detail.get().status() != null && detail.get().status().active() && !cancelling.get()
                        && mayOperateBinding().get(),
                detail, cancelling, mayOperateBinding());
    }

    @Override
    protected void onSession(FleetSession session) {
        rows.clear();
        byId.clear();
        selectedId.set(null);
        fleet = session == null ? null : session.lastFleet().orElse(null);
        dirty = false;
        if (session != null) reload();
    }

    @Override
    protected void handle(List<FleetSignal> batch) {
        Set<String> touched = new LinkedHashSet<>();
        for (FleetSignal s : batch) {
            if (s instanceof FleetEvent e && FleetEvent.RUN_DELTA.equals(e.type())) {
                streamed(e);
                continue;
            }
            // a retry, a fallback or a wait of the selected run adds to its timeline
            if (s instanceof FleetEvent e && e.runId() != null) touched.add(e.runId());
            if (s instanceof FleetEvent e && e.isRun()) {
                RunRow row = byId.get(e.runId());
                if (row != null) {
                    row.apply(e);
                } else {
                    insertNewest(RunRow.of(e));
                }
                if (e.isRunFinished()) dirty = true; // output and input come with the next list
            } else if (s instanceof FleetSnapshot snap) {
                fleet = snap.info();
                if (dirty) reload();
            }
        }
        if (selectedId.get() != null && touched.contains(selectedId.get())) loadDetail();
    }

    /** A piece of the selected run's streamed answer: put at its offset (a retried call starts again at 0). */
    private void streamed(FleetEvent e) {
        if (e.runId() == null || !e.runId().equals(selectedId.get()) || e.text() == null) return;
        String now = streamingOutput.get();
        int at = Math.clamp(e.offset() == null ? now.length() : e.offset(), 0, now.length());
        streamingOutput.set(now.substring(0, at) + e.text());
    }

    /** Without a session the shell's state is the only source of truth, as for a local fleet that failed to start. */
    private String whyEmpty() {
        ConnectionState connection = connectionProperty().get();
        if (sessionProperty().get() == null) {
            return connection instanceof ConnectionState.Failed f ? NOT_RUNNING + f.reason() : NO_FLEET;
        }
        if (!rows.isEmpty()) return NO_MATCH;
        return switch (connection) {
            case null -> CONNECTING;
            case ConnectionState.Connected c -> NO_RUNS;
            case ConnectionState.Connecting c -> CONNECTING;
            case ConnectionState.Reconnecting r -> UNREACHABLE;
            case ConnectionState.Failed f -> UNREACHABLE;
        };
    }

    /** Fetches recent runs now, unless one fetch is in flight or one finished moments ago. */
    public void reload() {
        if (session() == null || recent.loading() || clock.millis() - lastReloadMs < MIN_RELOAD_GAP_MS && !rows.isEmpty()) return;
        dirty = false;
        recent.request();
    }

    private void merge(List<RunInfo> runs) {
        for (int i = runs.size() - 1; i >= 0; i--) {
            RunInfo r = runs.get(i);
            RunRow row = byId.get(r.id());
            if (row != null) row.update(r);
            else insertNewest(RunRow.of(r));
        }
    }

    /** Puts a row where its creation time belongs (almost always the top), keeping the list bounded. */
    private void insertNewest(RunRow row) {
        byId.put(row.id(), row);
        Instant created = row.createdAtProperty().get();
        int at = 0;
        if (created != null) {
            while (at < rows.size()) {
                Instant other = rows.get(at).createdAtProperty().get();
                if (other == null || !other.isAfter(created)) break;
                at++;
            }
        }
        rows.add(at, row);
        while (rows.size() > MAX_ROWS) byId.remove(rows.removeLast().id());
    }

    /** A run this console just submitted: shown and selected at once, before its first event. */
    public void trackSubmitted(String runId, String agent, String input, RunStatus status) {
        if (!byId.containsKey(runId)) {
            RunRow row = new RunRow(runId, agent);
            row.statusProperty().set(status);
            row.createdAtProperty().set(clock.instant());
            row.inputProperty().set(input);
            insertNewest(row);
        }
        filter.set(RunFilter.ALL);
        search.set("");
        selectedId.set(runId);
    }

    /**
     * One request at a time: if the selection or the run moves on while one is out, the answer is not
     * the one wanted any more, and the selected run is fetched again, so the pane never stays on an old state.
     */
    private void loadDetail() {
        if (selectedId.get() != null) selectedRun.request();
    }

    private void showDetail(RunInfo run) {
        if (!run.id().equals(selectedId.get())) return;
        detail.set(run);
        detailSimulated.set(isSimulated(run));
        RunRow row = byId.get(run.id());
        if (row != null) row.update(run);
    }

    private void detailFailed(Throwable error) {
        String id = selectedId.get();
        if (id != null) showError("Cannot show run " + id + ": " + ErrorText.of(error));
    }

    private boolean isSimulated(RunInfo run) {
        // "simulated" (older nodes) or "simulated/primary": the model that answered; a named real
        // model (openai/…) is not simulated whatever the node's default provider is
        if (run.model() != null && (run.model().equals("simulated") || run.model().startsWith("simulated/"))) return true;
        if (run.model() != null && run.model().contains("/")) return false;
        return fleet != null && run.node() != null && fleet.node(run.node()).map(FleetInfo.Node::simulated).orElse(false);
    }

    /** Cancels the selected run; the view asks for confirmation first. */
    public void cancelSelected() {
        FleetSession session = session();
        RunInfo run = detail.get();
        if (session == null || run == null || !canCancel.get()) return;
        cancelling.set(true);
        background().onFx(session.client().runs().cancel(run.id()), cancelled -> {
            cancelling.set(false);
            if (!isCurrent(session)) return;
            showMessage("Run " + run.id() + " cancelled");
            if (run.id().equals(selectedId.get())) detail.set(cancelled);
            RunRow row = byId.get(run.id());
            if (row != null) row.update(cancelled);
        }, error -> {
            cancelling.set(false);
            if (!isCurrent(session)) return;
            actionFailed("Cancel failed: " + ErrorText.of(error));
            loadDetail();
        });
    }

    public void select(String runId) {
        selectedId.set(runId);
    }

    public ObservableList<RunRow> rows() { return rows; }
    /** The rows passing the filter and the search, newest first. */
    public FilteredList<RunRow> visibleRows() { return visible; }
    public ObjectProperty<RunFilter> filterProperty() { return filter; }
    public StringProperty searchProperty() { return search; }
    public ReadOnlyStringProperty selectedIdProperty() { return selectedId; }
    public ReadOnlyObjectProperty<RunInfo> detailProperty() { return detail; }
    /** The selected run's answer so far while it streams; the stored output replaces it when the run ends. */
    public ReadOnlyStringProperty streamingOutputProperty() { return streamingOutput; }
    /** True when the selected run's model is simulated (by name, or because its node says so). */
    public ReadOnlyBooleanProperty detailSimulatedProperty() { return detailSimulated; }
    /** The selected run's facts (where it ran, its attempts, where its time went); empty with no selection. */
    public ReadOnlyObjectProperty<List<RunFacts.Fact>> detailFactsProperty() { return detailFacts; }
    /** The selected run's timeline (attempts, retries, fallbacks, waits…); empty with no selection or from an older node. */
    public ReadOnlyObjectProperty<List<TimelineSteps.Step>> detailTimelineProperty() { return detailTimeline; }
    /** What the empty table says: no fleet, no runs yet, or nothing matching the filter. */
    public StringBinding emptyTextBinding() { return emptyText; }
    public BooleanBinding canCancelBinding() { return canCancel; }
}
