package dev.flotilla.console.feature.deadletters;

import dev.flotilla.console.fleet.DeadLetter;
import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.fx.Confirmation;
import dev.flotilla.console.page.FleetLoad;
import dev.flotilla.console.page.Notice;
import dev.flotilla.console.page.PageViewModel;
import dev.flotilla.console.session.FleetSession;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The dead letters page: runs that failed delivery too often, the one selected in full (its input,
 * its deliveries, its last error and the error of each delivery), and replaying or discarding it.
 * The list reloads on every {@code deadletter.*} event (one request at a time; a wish that comes
 * meanwhile is fetched when it is back). Both commands are confirmed by the view first. FX thread only.
 */
public final class DeadLettersViewModel extends PageViewModel {

    static final int LIMIT = 200;
    static final String NO_FLEET = "No fleet selected: pick one in the sidebar";
    static final String LOADING = "Loading dead letters…";
    static final String NONE = "No dead letters: every run was delivered within its attempts";
    static final String UNSUPPORTED = "This fleet's nodes run an older Flotilla version that keeps no dead letters;"
            + " update them to list and replay runs that failed delivery.";

    private final ObservableList<DeadLetter> letters = FXCollections.observableArrayList();
    private final StringProperty selectedId = new SimpleStringProperty();
    private final ObjectProperty<DeadLetter> detail = new SimpleObjectProperty<>();
    private final BooleanProperty working = new SimpleBooleanProperty();
    private final IntegerProperty count = new SimpleIntegerProperty();
    private final StringProperty emptyText = new SimpleStringProperty(NO_FLEET);
    private final BooleanBinding canAct = Bindings.createBooleanBinding(
            () -> detail.get() != null && !working.get() && mayOperateBinding().get(), detail, working, mayOperateBinding());
    private final FleetLoad<List<DeadLetter>> list;

    public DeadLettersViewModel(BackgroundExecutor background) {
        super(background);
        this.list = load(session -> session.client().deadLetters().list(LIMIT), this::listed, this::notListed);
        selectedId.addListener((o, was, now) -> {
            detail.set(now == null ? null : find(now).orElse(null));
            if (now != null) loadDetail(now);
        });
    }

    @Override
    protected void onSession(FleetSession session) {
        letters.clear();
        selectedId.set(null);
        count.set(0);
        working.set(false);
        emptyText.set(session == null ? NO_FLEET : LOADING);
        if (session != null) reload();
    }

    @Override
    protected void handle(List<FleetSignal> batch) {
        boolean changed = false;
        for (FleetSignal s : batch) {
            if (s instanceof FleetEvent e && e.isDeadLetter()) changed = true;
            if (s instanceof FleetEvent e && FleetEvent.DEADLETTER_ADDED.equals(e.type())) {
                raise(Notice.warning("Run " + (e.runId() == null ? "?" : e.runId()) + " went to the dead letters"
                        + (e.agent() == null ? "" : " (agent " + e.agent() + ")") + "; it waits there to be replayed or discarded"));
            }
        }
        if (changed) reload();
    }

    /** Events may have been missed while the stream was down. */
    @Override
    protected void onReconnected() {
        reload();
    }

    /** Fetches the list now, or right after the fetch in flight. */
    public void reload() {
        list.request();
    }

    private void listed(List<DeadLetter> found) {
        show(found);
        emptyText.set(NONE);
    }

    private void notListed(Throwable error) {
        if (ErrorText.unsupported(error)) {
            emptyText.set(UNSUPPORTED);
        } else {
            emptyText.set("Cannot list dead letters: " + ErrorText.of(error));
        }
    }

    private void show(List<DeadLetter> list) {
        if (!list.equals(letters)) letters.setAll(list);
        count.set(list.size());
        String id = selectedId.get();
        if (id != null) {
            Optional<DeadLetter> still = find(id);
            if (still.isEmpty()) selectedId.set(null);
            else detail.set(still.get());
        }
    }

    private Optional<DeadLetter> find(String runId) {
        return letters.stream().filter(d -> d.runId().equals(runId)).findFirst();
    }

    /** The list may be cut at {@link #LIMIT}; the entry itself is always fetched in full. */
    private void loadDetail(String runId) {
        FleetSession session = session();
        if (session == null) return;
        onAnswer(session, session.client().deadLetters().get(runId), d -> {
            if (runId.equals(selectedId.get())) detail.set(d);
        }, error -> {
            if (!runId.equals(selectedId.get())) return;
            if (isGone(error)) {
                // replayed or discarded meanwhile (here or elsewhere): the list catches up and the
                // message keeps what the operator's own action said
                reload();
                return;
            }
            showError("Cannot show the dead letter of " + runId + ": " + ErrorText.of(error));
        });
    }

    private static boolean isGone(Throwable error) {
        Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof dev.flotilla.console.fleet.FleetApiException api && api.status() == 404 && !api.unsupported();
    }

    public void select(String runId) {
        selectedId.set(runId);
    }

    /** What replaying the dead letter of {@code runId} will do, in words; empty for one not listed. */
    public Optional<Confirmation> replayConfirmation(String runId) {
        return find(runId).map(d -> new Confirmation("Replay run", "Replay run " + d.runId() + "?",
                "It goes back in line for agent " + d.agent() + " with its delivery count reset ("
                        + d.failedDeliveries() + (d.failedDeliveries() == 1 ? " delivery" : " deliveries") + " failed"
                        + (d.lastErrorCode() != null ? ", last with " + d.lastErrorCode() : "")
                        + "); its timeline keeps the history. If what made it fail is still there, it comes back here.",
                "Replay run"));
    }

    /** What discarding the dead letter of {@code runId} will do, in words; empty for one not listed. */
    public Optional<Confirmation> discardConfirmation(String runId) {
        return find(runId).map(d -> new Confirmation("Discard dead letter", "Discard the dead letter of run " + d.runId() + "?",
                "The entry is forgotten and the run is never tried again; the run itself stays failed (dead_lettered)."
                        + " This cannot be undone.", "Discard"));
    }

    /** Puts the run back in line; the view has asked for confirmation. */
    public void replay(String runId) {
        FleetSession session = session();
        if (session == null || working.get() || find(runId).isEmpty()) return;
        command(session, "Replaying run " + runId + "…", session.client().deadLetters().replay(runId),
                "Run " + runId + " is queued again", "Replay of run " + runId + " failed: ");
    }

    /** Forgets the entry; the view has asked for confirmation. */
    public void discard(String runId) {
        FleetSession session = session();
        if (session == null || working.get() || find(runId).isEmpty()) return;
        command(session, "Discarding the dead letter of run " + runId + "…", session.client().deadLetters().discard(runId),
                "Dead letter of run " + runId + " discarded; the run stays failed", "Discarding run " + runId + " failed: ");
    }

    private void command(FleetSession session, String progress, CompletableFuture<?> call, String done, String failed) {
        working.set(true);
        showMessage(progress);
        onAnswer(session, call, ok -> {
            working.set(false);
            showMessage(done);
            reload();
        }, error -> {
            working.set(false);
            actionFailed(failed + ErrorText.of(error));
            reload(); // someone else may have replayed or discarded it: show what is there now
        });
    }

    public ObservableList<DeadLetter> letters() { return letters; }
    public ReadOnlyStringProperty selectedIdProperty() { return selectedId; }
    /** The selected dead letter in full; null with no selection. */
    public ReadOnlyObjectProperty<DeadLetter> detailProperty() { return detail; }
    /** True while a replay or discard is on its way. */
    public ReadOnlyBooleanProperty workingProperty() { return working; }
    public BooleanBinding canActBinding() { return canAct; }
    /** How many dead letters the fleet holds (up to {@link #LIMIT}). */
    public ReadOnlyIntegerProperty countProperty() { return count; }
    public ReadOnlyStringProperty emptyTextProperty() { return emptyText; }
}
