package dev.flotilla.console.page;

import dev.flotilla.console.fleet.ConnectionState;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.console.session.SessionSubscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The life of a page's view-model, written once: the fleet it shows (switching unsubscribes from
 * the old fleet first, so none of its batches or answers reach the page afterwards), that fleet's
 * connection state, whether the page is on screen (and its timer, if it ticks), its loads (one
 * request at a time; see {@link FleetLoad}), its message line, and the {@link Notice}s it raises
 * for an operator who may be looking at another page. FX thread only.
 *
 * <p>A page implements {@link #onSession} (forget the old fleet, show what the new one's session
 * already knows, start loading) and {@link #handle} (a batch of the fleet's signals).
 */
public abstract class PageViewModel {

    private final BackgroundExecutor background;
    private final SessionSubscription subscription = new SessionSubscription();
    private final ObjectProperty<FleetSession> session = new SimpleObjectProperty<>();
    private final ObjectProperty<ConnectionState> connection = new SimpleObjectProperty<>();
    // a page used alone (in a test) computes; the shell says at once which page shows
    private final BooleanProperty shown = new SimpleBooleanProperty(true);
    private final StringProperty message = new SimpleStringProperty("");
    private final BooleanProperty messageIsError = new SimpleBooleanProperty();
    // the role of the console's key for this fleet; null until known (and for nodes too old to say)
    private final ObjectProperty<dev.flotilla.console.fleet.KeyRole> keyRole = new SimpleObjectProperty<>();
    private final javafx.beans.binding.BooleanBinding mayOperate = javafx.beans.binding.Bindings.createBooleanBinding(
            () -> keyRole.get() == null || keyRole.get().allows("operator"), keyRole);
    private final List<FleetLoad<?>> loads = new ArrayList<>();
    private Consumer<Notice> notices = n -> { };

    protected PageViewModel(BackgroundExecutor background) {
        this.background = Objects.requireNonNull(background, "background");
    }

    /** A page that only shows what its fleet streams, and so never works in the background. */
    protected PageViewModel() {
        this.background = null;
    }

    /** Shows {@code next} (null for no fleet); the page starts over, since everything it holds belongs to one fleet. */
    public final void setSession(FleetSession next) {
        subscription.switchTo(next, this::onSignals);
        session.set(next);
        loads.forEach(FleetLoad::reset);
        clearMessage();
        keyRole.set(null);
        if (next != null && background != null) askKeyRole(next);
        if (next != null) connection.set(next.lastState());
        onSession(next);
    }

    /** The fleet changed: forget the old one, show what {@code next} already knows, start loading. */
    protected abstract void onSession(FleetSession next);

    /** Takes a batch from the fleet's bridge: the connection state first, then the page's own handling. */
    public final void onSignals(List<FleetSignal> batch) {
        for (FleetSignal s : batch) if (s instanceof ConnectionState state) follow(state);
        handle(batch);
    }

    /** A batch of the shown fleet's signals, in order. */
    protected abstract void handle(List<FleetSignal> batch);

    /**
     * How the selected fleet's connection goes (null: no fleet is selected), from the shell. It comes
     * from the sidebar's entry rather than the session, since a local fleet that failed to start has none.
     */
    public final void setConnection(ConnectionState state) {
        follow(state);
    }

    private void follow(ConnectionState now) {
        boolean was = connection.get() instanceof ConnectionState.Connected;
        connection.set(now);
        if (!was && now instanceof ConnectionState.Connected && session.get() != null) {
            if (keyRole.get() == null && background != null) askKeyRole(session.get());
            onReconnected();
        }
    }

    private void askKeyRole(FleetSession s) {
        // an older node cannot say: everything stays enabled and the node itself answers 403 where it must
        onAnswer(s, s.keyRole(), keyRole::set, e -> { });
    }

    /** The fleet's stream is back after a gap (or up for the first time): events may have been missed. */
    protected void onReconnected() {}

    /** The page was shown or hidden. */
    public final void setShown(boolean now) {
        if (now == shown.get()) return;
        shown.set(now);
        onShown(now);
    }

    /** Called when the page was shown or hidden; a page that keeps time catches up here. */
    protected void onShown(boolean now) {}

    /** How often {@link #tick()} should run while the page is shown; empty for a page that does not tick. */
    public Optional<Duration> tickEvery() {
        return Optional.empty();
    }

    /** Called every {@link #tickEvery()} while the page is shown (by the shell's timer). */
    public void tick() {}

    /** Notices go to {@code sink} from now on (the shell's notifications). */
    public final void setNoticeSink(Consumer<Notice> sink) {
        this.notices = Objects.requireNonNull(sink, "sink");
    }

    protected final FleetSession session() {
        return session.get();
    }

    /** True when {@code s} is still the fleet shown; answers for a fleet the operator left are dropped. */
    protected final boolean isCurrent(FleetSession s) {
        return subscription.isCurrent(s);
    }

    protected final BackgroundExecutor background() {
        if (background == null) throw new IllegalStateException(getClass().getSimpleName() + " was made without a background executor");
        return background;
    }

    /**
     * When {@code call} completes, calls {@code onValue} or {@code onError} on the FX thread, but only
     * while {@code asked} is still the fleet shown.
     */
    protected final <T> void onAnswer(FleetSession asked, CompletionStage<T> call, Consumer<? super T> onValue,
                                      Consumer<Throwable> onError) {
        background().onFx(call, value -> {
            if (isCurrent(asked)) onValue.accept(value);
        }, error -> {
            if (isCurrent(asked)) onError.accept(error);
        });
    }

    /** A load of this page: reset with every fleet switch. */
    protected final <T> FleetLoad<T> load(Function<FleetSession, CompletionStage<T>> fetch, Consumer<? super T> onLoaded,
                                          Consumer<Throwable> onFailed) {
        FleetLoad<T> load = new FleetLoad<>(this::session, background(), fetch, onLoaded, onFailed);
        loads.add(load);
        return load;
    }

    protected final void showMessage(String text) {
        messageIsError.set(false);
        message.set(text);
    }

    protected final void showError(String text) {
        messageIsError.set(true);
        message.set(text);
    }

    protected final void clearMessage() {
        showMessage("");
    }

    /** An action the operator asked for failed: the message line says so, and so does a notice. */
    protected final void actionFailed(String text) {
        showError(text);
        raise(Notice.error(text));
    }

    protected final void raise(Notice notice) {
        notices.accept(notice);
    }

    /** The operator role of the console's key for the fleet shown; null until known. */
    public final ReadOnlyObjectProperty<dev.flotilla.console.fleet.KeyRole> keyRoleProperty() { return keyRole; }
    /** False when the console's key is known to be a viewer's (read-only): what changes the fleet is disabled. */
    public final javafx.beans.binding.BooleanBinding mayOperateBinding() { return mayOperate; }

    /** The fleet shown; null for none. */
    public final ReadOnlyObjectProperty<FleetSession> sessionProperty() { return session; }
    /** The selected fleet's connection state; null when no fleet is selected. */
    public final ReadOnlyObjectProperty<ConnectionState> connectionProperty() { return connection; }
    /** True while the page is on screen. */
    public final ReadOnlyBooleanProperty shownProperty() { return shown; }
    /** What the page last said: progress, an outcome, or a failure ({@link #messageIsErrorProperty()}). */
    public final ReadOnlyStringProperty messageProperty() { return message; }
    public final ReadOnlyBooleanProperty messageIsErrorProperty() { return messageIsError; }
}
