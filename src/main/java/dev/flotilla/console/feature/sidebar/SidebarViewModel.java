package dev.flotilla.console.feature.sidebar;

import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.ErrorText;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetStore;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.LocalFleet;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The fleets the console knows: the local one first, then the saved remote ones. Adding or removing
 * a remote fleet saves the list in the background; a save or load that fails shows as a message,
 * never a crash. FX thread only.
 */
public final class SidebarViewModel {

    private final FleetStore store;
    private final BackgroundExecutor background;
    /** Opens a live session to a target. */
    private final Function<FleetTarget, FleetSession> connect;
    private final ObservableList<FleetEntry> fleets = FXCollections.observableArrayList();
    private final ObjectProperty<FleetEntry> selected = new SimpleObjectProperty<>();
    private final StringProperty problem = new SimpleStringProperty("");

    public SidebarViewModel(FleetStore store, BackgroundExecutor background, Function<FleetTarget, FleetSession> connect) {
        this.store = store;
        this.background = background;
        this.connect = connect;
    }

    /** Shows the local fleet while it starts; returns its entry, to attach once it runs. */
    public FleetEntry addLocalStarting() {
        FleetEntry e = new FleetEntry(new FleetDescriptor(LocalFleet.ID, "Local fleet", "", FleetKind.LOCAL), null);
        e.showStarting("starting the local fleet…");
        fleets.addFirst(e);
        if (selected.get() == null) selected.set(e);
        return e;
    }

    /** The local fleet runs: connect its entry. */
    public void localStarted(FleetEntry entry, FleetTarget target) {
        entry.attach(target, connect.apply(target));
    }

    public void localFailed(FleetEntry entry, String reason) {
        entry.fail(reason);
    }

    /** Adds and connects a local fleet that is already running (tests, or a node started elsewhere). */
    public FleetEntry addLocal(FleetTarget target) {
        FleetEntry e = new FleetEntry(target.descriptor(), target.key());
        fleets.addFirst(e);
        e.attach(target, connect.apply(target));
        if (selected.get() == null) selected.set(e);
        return e;
    }

    /** Loads the saved remote fleets in the background and connects them. */
    public void loadSaved() {
        background.onFx(background.supply(() -> {
            synchronized (store) {
                return store.load();
            }
        }), saved -> {
            for (FleetTarget t : saved) addConnected(t);
            if (selected.get() == null && !fleets.isEmpty()) selected.set(fleets.getFirst());
        }, error -> problem.set(ErrorText.of(error)));
    }

    /**
     * Adds a remote fleet from the dialog: saves it, connects it and selects it. Returns the problem
     * with the form instead, when there is one; nothing is saved then.
     */
    public Optional<String> addRemote(RemoteFleetForm form) {
        Optional<String> problemWithForm = form.problem();
        if (problemWithForm.isPresent()) return problemWithForm;
        String url = form.normalizedUrl();
        if (fleets.stream().anyMatch(f -> f.descriptor().url().equals(url))) {
            return Optional.of("This fleet is already in the list.");
        }
        FleetDescriptor d = new FleetDescriptor("remote-" + UUID.randomUUID().toString().substring(0, 8),
                form.displayName(), url, FleetKind.REMOTE);
        FleetEntry e = addConnected(new FleetTarget(d, new ApiKey(form.key())));
        selected.set(e);
        save();
        return Optional.empty();
    }

    /** Removes a remote fleet (the view confirms first); the local fleet cannot be removed. */
    public void remove(FleetEntry entry) {
        if (entry == null || entry.descriptor().local()) return;
        int at = fleets.indexOf(entry);
        fleets.remove(entry);
        closeInBackground(List.of(entry));
        if (selected.get() == entry) selected.set(fleets.isEmpty() ? null : fleets.get(Math.max(0, at - 1)));
        save();
    }

    private FleetEntry addConnected(FleetTarget t) {
        FleetEntry e = new FleetEntry(t.descriptor(), t.key());
        fleets.add(e);
        e.attach(t, connect.apply(t));
        return e;
    }

    private void save() {
        List<FleetTarget> remotes = fleets.stream()
                .filter(f -> !f.descriptor().local())
                .map(FleetEntry::target)
                .toList();
        background.onFx(background.supply(() -> {
            synchronized (store) {
                store.save(remotes);
            }
            return null;
        }), ok -> problem.set(""), error -> problem.set(ErrorText.of(error)));
    }

    /** Closes every session (the window is closing); the future completes when all are closed. */
    public CompletableFuture<Void> closeAll() {
        return closeInBackground(List.copyOf(fleets));
    }

    private CompletableFuture<Void> closeInBackground(List<FleetEntry> entries) {
        List<FleetSession> sessions = entries.stream().map(FleetEntry::detach).filter(Objects::nonNull).toList();
        return background.supply(() -> {
            sessions.forEach(FleetSession::close);
            return null;
        });
    }

    public ObservableList<FleetEntry> fleets() { return fleets; }
    public ObjectProperty<FleetEntry> selectedProperty() { return selected; }
    /** A problem with the saved fleets file, in words; empty when none. */
    public ReadOnlyStringProperty problemProperty() { return problem; }
}
