package dev.flotilla.console.feature.traces;

import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.RunInfo;
import dev.flotilla.console.fleet.TraceInfo.Span;
import dev.flotilla.console.fleet.TraceInfo.Trace;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.page.FleetLoad;
import dev.flotilla.console.page.PageViewModel;
import dev.flotilla.console.session.FleetSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The traces page: the fleet's recent runs, found by agent, model, status or error (and sorted by
 * duration in the view), and the waterfall of the selected run's trace, its spans nested under
 * their parents; the span selected shows its attributes and events. The list reloads every few
 * seconds while runs end; a trace still being written reloads until it is complete. FX thread only.
 */
public final class TracesViewModel extends PageViewModel {

    static final int LIMIT = 200;
    static final String NO_FLEET = "No fleet selected: pick one in the sidebar";
    static final String LOADING = "Loading runs…";
    static final String NONE = "No runs yet: submit one on the Runs page";
    static final String NO_MATCH = "No run matches the filter";
    static final String PICK = "Select a run to see its trace";

    private final ObservableList<RunInfo> runs = FXCollections.observableArrayList();
    private final FilteredList<RunInfo> shownRuns = new FilteredList<>(runs, r -> true);
    private final StringProperty filter = new SimpleStringProperty("");
    private final BooleanProperty errorsOnly = new SimpleBooleanProperty();
    private final StringProperty emptyText = new SimpleStringProperty(NO_FLEET);
    private final StringProperty selectedRun = new SimpleStringProperty();
    private final ObjectProperty<Trace> trace = new SimpleObjectProperty<>();
    private final ObservableList<Waterfall.Row> rows = FXCollections.observableArrayList();
    private final StringProperty summary = new SimpleStringProperty(PICK);
    private final ObjectProperty<Span> selectedSpan = new SimpleObjectProperty<>();
    private final ObservableList<String> spanFacts = FXCollections.observableArrayList();
    private final FleetLoad<List<RunInfo>> list;
    private boolean runsEnded;

    public TracesViewModel(BackgroundExecutor background) {
        super(background);
        list = load(session -> session.client().runs().list(null, LIMIT), this::listed,
                error -> emptyText.set("Cannot list runs: " + ErrorText.of(error)));
        filter.addListener((o, was, now) -> refilter());
        errorsOnly.addListener((o, was, now) -> refilter());
        selectedRun.addListener((o, was, now) -> {
            trace.set(null);
            rows.clear();
            selectedSpan.set(null);
            summary.set(now == null ? PICK : "Loading the trace of " + now + "…");
            if (now != null) loadTrace(now);
        });
        selectedSpan.addListener((o, was, now) -> spanFacts.setAll(facts(now)));
    }

    @Override
    protected void onSession(FleetSession session) {
        runs.clear();
        selectedRun.set(null);
        emptyText.set(session == null ? NO_FLEET : LOADING);
        if (session != null) list.request();
    }

    @Override
    protected void handle(List<FleetSignal> batch) {
        for (FleetSignal s : batch) if (s instanceof FleetEvent e && e.isRunFinished()) runsEnded = true;
    }

    @Override
    protected void onReconnected() {
        list.request();
    }

    /** Every few seconds: the runs that ended meanwhile, and the rest of a trace still being written. */
    @Override
    public Optional<Duration> tickEvery() {
        return Optional.of(Duration.ofSeconds(3));
    }

    @Override
    public void tick() {
        if (session() == null) return;
        if (runsEnded) {
            runsEnded = false;
            list.request();
        }
        Trace t = trace.get();
        if (t != null && !t.complete() && selectedRun.get() != null) loadTrace(selectedRun.get());
    }

    @Override
    protected void onShown(boolean now) {
        if (now && session() != null) list.request();
    }

    public void reload() {
        list.request();
        if (selectedRun.get() != null) loadTrace(selectedRun.get());
    }

    /** Opens the trace of the run {@code id}, listed or not (e.g. pasted from a log line). */
    public void open(String id) {
        String trimmed = id == null ? "" : id.trim();
        if (trimmed.isEmpty()) return;
        if (trimmed.equals(selectedRun.get())) loadTrace(trimmed);
        else selectedRun.set(trimmed);
    }

    public void selectSpan(Span span) {
        selectedSpan.set(span);
    }

    private void listed(List<RunInfo> found) {
        if (!found.equals(runs)) runs.setAll(found);
        refilter();
        emptyText.set(runs.isEmpty() ? NONE : NO_MATCH);
    }

    private void refilter() {
        String words = filter.get() == null ? "" : filter.get().trim().toLowerCase(Locale.ROOT);
        boolean errors = errorsOnly.get();
        shownRuns.setPredicate(r -> (!errors || r.error() != null) && (words.isEmpty() || matches(r, words)));
        if (list.stateProperty().get() == FleetLoad.State.LOADED) emptyText.set(runs.isEmpty() ? NONE : NO_MATCH);
    }

    /** Every word must appear in the run's id, agent, model, status, node or error. */
    static boolean matches(RunInfo r, String words) {
        String hay = String.join(" ", r.id(), String.valueOf(r.agent()), String.valueOf(r.model()),
                r.status() == null ? "" : r.status().wire(), String.valueOf(r.node()),
                r.error() == null ? "" : r.error().code() + " " + r.error().message()).toLowerCase(Locale.ROOT);
        for (String w : words.split("\\s+")) if (!hay.contains(w)) return false;
        return true;
    }

    private void loadTrace(String runId) {
        FleetSession session = session();
        if (session == null) return;
        onAnswer(session, session.client().traces().of(runId), t -> {
            if (!runId.equals(selectedRun.get())) return;
            show(t);
        }, error -> {
            if (!runId.equals(selectedRun.get())) return;
            summary.set("Cannot show the trace of " + runId + ": " + ErrorText.of(error));
        });
    }

    private void show(Trace t) {
        String keep = selectedSpan.get() == null ? null : selectedSpan.get().spanId();
        trace.set(t);
        List<Waterfall.Row> computed = Waterfall.rows(t.spans());
        rows.setAll(computed);
        selectedSpan.set(keep == null ? null
                : computed.stream().map(Waterfall.Row::span).filter(s -> s.spanId().equals(keep)).findFirst().orElse(null));
        summary.set(summary(t, computed));
    }

    static String summary(Trace t, List<Waterfall.Row> rows) {
        if (t.spans().isEmpty()) {
            return t.complete() ? "Run " + t.runId() + " kept no spans (it ended before its node traced runs)"
                    : "Run " + t.runId() + " is " + t.status() + ": its spans are stored when it ends";
        }
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        int errors = 0;
        for (Span s : t.spans()) {
            start = Math.min(start, s.startNanos());
            end = Math.max(end, s.endNanos());
            if (s.failed()) errors++;
        }
        StringBuilder b = new StringBuilder();
        b.append("Trace ").append(t.traceId()).append(" · ").append(rows.size()).append(rows.size() == 1 ? " span" : " spans")
                .append(" · ").append(Waterfall.duration(end - start));
        if (errors > 0) b.append(" · ").append(errors).append(errors == 1 ? " error" : " errors");
        if (t.dropped() > 0) b.append(" · ").append(t.dropped()).append(" more not kept");
        if (!t.complete()) b.append(" · so far (the run is ").append(t.status()).append(")");
        return b.toString();
    }

    /** The span's facts, attributes and events as lines for the detail list. */
    static List<String> facts(Span s) {
        if (s == null) return List.of();
        List<String> out = new ArrayList<>();
        out.add(s.name() + " (" + s.kind() + ", " + Waterfall.duration(s.durationNanos()) + ")");
        out.add("status: " + s.status() + (s.statusMessage() == null ? "" : ": " + s.statusMessage()));
        out.add("span " + s.spanId() + (s.parentSpanId() == null ? "" : ", parent " + s.parentSpanId()));
        for (Map.Entry<String, Object> a : s.attributes().entrySet()) out.add(a.getKey() + " = " + a.getValue());
        for (var e : s.events()) {
            StringBuilder line = new StringBuilder("event +").append(Waterfall.duration(Math.max(0, e.timeNanos() - s.startNanos())))
                    .append(' ').append(e.name());
            e.attributes().forEach((k, v) -> line.append(" · ").append(k.replace("flotilla.", "")).append(": ").append(v));
            out.add(line.toString());
        }
        return out;
    }

    public FilteredList<RunInfo> runs() { return shownRuns; }
    public StringProperty filterProperty() { return filter; }
    public BooleanProperty errorsOnlyProperty() { return errorsOnly; }
    public StringProperty emptyTextProperty() { return emptyText; }
    public StringProperty selectedRunProperty() { return selectedRun; }
    public ObjectProperty<Trace> traceProperty() { return trace; }
    public ObservableList<Waterfall.Row> rows() { return rows; }
    public StringProperty summaryProperty() { return summary; }
    public ObjectProperty<Span> selectedSpanProperty() { return selectedSpan; }
    public ObservableList<String> spanFacts() { return spanFacts; }
}
