package dev.flotilla.console.page;

import dev.flotilla.console.fx.BackgroundExecutor;
import dev.flotilla.console.session.FleetSession;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Something a page fetches from its fleet, one request at a time. Asking again while a request is
 * out marks its answer stale: the answer is still shown (a busy fleet must not starve the page),
 * and the fetch runs once more when it is back, so the latest wish always wins without piling
 * requests up. A failure that is already stale is not shown, since a newer answer is on its way.
 * Switching fleets resets it, and answers for the fleet the page left are dropped. FX thread only.
 */
public final class FleetLoad<T> {

    /**
     * {@code IDLE}: nothing asked of this fleet yet; {@code LOADING}: the first answer is awaited;
     * {@code LOADED}: an answer is shown (a newer one may be on its way); {@code FAILED}: the last
     * request failed.
     */
    public enum State { IDLE, LOADING, LOADED, FAILED }

    private final Supplier<FleetSession> session;
    private final BackgroundExecutor background;
    private final Function<FleetSession, CompletionStage<T>> fetch;
    private final Consumer<? super T> onLoaded;
    private final Consumer<Throwable> onFailed;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private boolean inFlight;
    private boolean stale;
    /** Bumped by every reset, so an answer for the fleet before is recognised and dropped. */
    private long generation;

    FleetLoad(Supplier<FleetSession> session, BackgroundExecutor background, Function<FleetSession, CompletionStage<T>> fetch,
              Consumer<? super T> onLoaded, Consumer<Throwable> onFailed) {
        this.session = session;
        this.background = background;
        this.fetch = fetch;
        this.onLoaded = onLoaded;
        this.onFailed = onFailed;
    }

    /** Fetches now, or once more right after the request in flight. Does nothing without a fleet. */
    public void request() {
        FleetSession s = session.get();
        if (s == null) return;
        if (inFlight) {
            stale = true;
            return;
        }
        inFlight = true;
        stale = false;
        if (state.get() != State.LOADED) state.set(State.LOADING);
        long asked = generation;
        background.onFx(start(s), value -> {
            if (asked != generation) return;
            inFlight = false;
            state.set(State.LOADED);
            onLoaded.accept(value);
            if (stale) request();
        }, error -> {
            if (asked != generation) return;
            inFlight = false;
            if (stale) {
                request();
                return;
            }
            state.set(State.FAILED);
            onFailed.accept(error);
        });
    }

    private CompletionStage<T> start(FleetSession s) {
        try {
            return fetch.apply(s);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The fleet changed: what is out is forgotten. */
    void reset() {
        generation++;
        inFlight = false;
        stale = false;
        state.set(State.IDLE);
    }

    /** True while a request is out. */
    public boolean loading() {
        return inFlight;
    }

    /** True when a request is out and another was asked for since it left. */
    public boolean stale() {
        return stale;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }
}
