package dev.flotilla.console.feature.runs;

import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.RunInfo;
import dev.flotilla.console.fleet.RunStatus;
import java.time.Instant;
import java.util.Locale;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One run in the runs table. Rows change in place as events arrive, so the table keeps its
 * selection and scroll position; {@link #observables()} lets a list re-filter when they change.
 */
public final class RunRow {

    private final String id;
    private final String agent;
    private final ObjectProperty<RunStatus> status = new SimpleObjectProperty<>();
    private final ObjectProperty<Instant> createdAt = new SimpleObjectProperty<>();
    private final ObjectProperty<Long> durationMs = new SimpleObjectProperty<>();
    private final ObjectProperty<Integer> tokens = new SimpleObjectProperty<>();
    private final StringProperty node = new SimpleStringProperty("");
    private final StringProperty input = new SimpleStringProperty("");
    private final StringProperty output = new SimpleStringProperty("");
    private final javafx.beans.property.BooleanProperty guardFlagged = new javafx.beans.property.SimpleBooleanProperty();

    public RunRow(String id, String agent) {
        this.id = id;
        this.agent = agent == null ? "" : agent;
    }

    public static RunRow of(RunInfo r) {
        RunRow row = new RunRow(r.id(), r.agent());
        row.update(r);
        return row;
    }

    /** A row for a run known so far only from its event; the next list refresh fills the rest. */
    public static RunRow of(FleetEvent e) {
        RunRow row = new RunRow(e.runId(), e.agent());
        row.createdAt.set(e.time());
        row.apply(e);
        return row;
    }

    /**
     * Takes a fetched run. A list fetched before the run's end event can arrive after it; such a
     * stale copy never moves a finished row back to queued or running.
     */
    public void update(RunInfo r) {
        if (status.get() != null && !status.get().active() && r.status() != null && r.status().active()) return;
        status.set(r.status());
        if (r.createdAt() != null) createdAt.set(r.createdAt());
        durationMs.set(r.durationMs());
        tokens.set(r.totalTokens());
        node.set(r.node() == null ? "" : r.node());
        input.set(r.input() == null ? "" : r.input());
        output.set(r.output() == null ? "" : r.output());
        guardFlagged.set(r.guardFlagged());
    }

    /** Moves the row along with a run event; an event never moves a finished run back. */
    public void apply(FleetEvent e) {
        if (e.status() != null && !(status.get() != null && !status.get().active() && e.status().active())) {
            status.set(e.status());
        }
        if (e.durationMs() != null) durationMs.set(e.durationMs());
        if (e.totalTokens() != null) tokens.set(e.totalTokens());
        if (e.node() != null && (node.get().isEmpty() || !FleetEvent.RUN_QUEUED.equals(e.type()))) node.set(e.node());
    }

    /** Case-insensitive match on id, input and output; a blank query matches all. */
    public boolean matches(String query) {
        if (query == null || query.isBlank()) return true;
        String q = query.strip().toLowerCase(Locale.ROOT);
        return id.toLowerCase(Locale.ROOT).contains(q)
                || input.get().toLowerCase(Locale.ROOT).contains(q)
                || output.get().toLowerCase(Locale.ROOT).contains(q);
    }

    Observable[] observables() {
        return new Observable[] {status, input, output, guardFlagged};
    }

    public String id() { return id; }
    public String agent() { return agent; }
    public ObjectProperty<RunStatus> statusProperty() { return status; }

    /** Whether the input guard flagged the run's input. */
    public javafx.beans.property.BooleanProperty guardFlaggedProperty() { return guardFlagged; }
    public ObjectProperty<Instant> createdAtProperty() { return createdAt; }
    public ObjectProperty<Long> durationMsProperty() { return durationMs; }
    public ObjectProperty<Integer> tokensProperty() { return tokens; }
    public StringProperty nodeProperty() { return node; }
    public StringProperty inputProperty() { return input; }
    public StringProperty outputProperty() { return output; }
}
