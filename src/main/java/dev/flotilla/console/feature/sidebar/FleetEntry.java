package dev.flotilla.console.feature.sidebar;

import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.ConnectionState;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.session.FleetSession;
import dev.flotilla.console.session.SessionSubscription;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One fleet in the sidebar: who it is, its live session once there is one, and its connection state
 * in words. The API key stays inside; the UI only ever gets {@link ApiKey#masked()}. FX thread only.
 */
public final class FleetEntry {

    /** What the URL line says when the fleet could not be started, so there is no URL to show. */
    public static final String NOT_RUNNING = "not running";

    private final ObjectProperty<FleetDescriptor> descriptor = new SimpleObjectProperty<>();
    private final ObjectProperty<FleetSession> session = new SimpleObjectProperty<>();
    private final ObjectProperty<ConnectionState> state = new SimpleObjectProperty<>(ConnectionState.CONNECTING);
    private final StringProperty stateText = new SimpleStringProperty("connecting…");
    private final StringProperty urlText = new SimpleStringProperty("");
    private final SessionSubscription subscription = new SessionSubscription();
    private ApiKey key;

    FleetEntry(FleetDescriptor descriptor, ApiKey key) {
        this.descriptor.set(descriptor);
        this.urlText.set(descriptor.url());
        this.key = key;
    }

    /** Connects this entry to its live session; the state follows the session from now on. */
    void attach(FleetTarget target, FleetSession live) {
        descriptor.set(target.descriptor());
        urlText.set(target.descriptor().url());
        key = target.key();
        subscription.switchTo(live, this::onSignals);
        session.set(live);
        show(live.lastState());
    }

    /** The fleet could not be started, so nothing listens at any URL and there is no session. */
    void fail(String reason) {
        show(new ConnectionState.Failed(reason));
        urlText.set(NOT_RUNNING);
    }

    /** A state that is not a connection state yet, e.g. "starting the local fleet…"; no URL until it runs. */
    void showStarting(String text) {
        state.set(ConnectionState.CONNECTING);
        stateText.set(text);
        urlText.set("");
    }

    private void onSignals(List<FleetSignal> batch) {
        ConnectionState last = null;
        for (FleetSignal s : batch) if (s instanceof ConnectionState c) last = c;
        if (last != null) show(last);
    }

    private void show(ConnectionState s) {
        state.set(s);
        stateText.set(s.label());
    }

    /**
     * Detaches the live session and returns it (or null); the caller closes it off the FX thread,
     * since closing ends sockets.
     */
    FleetSession detach() {
        subscription.switchTo(null, b -> { });
        FleetSession s = session.get();
        session.set(null);
        return s;
    }

    FleetTarget target() {
        return key == null ? null : new FleetTarget(descriptor.get(), key);
    }

    public FleetDescriptor descriptor() { return descriptor.get(); }
    public ReadOnlyObjectProperty<FleetDescriptor> descriptorProperty() { return descriptor; }
    public ReadOnlyObjectProperty<FleetSession> sessionProperty() { return session; }
    public ReadOnlyObjectProperty<ConnectionState> stateProperty() { return state; }
    public ReadOnlyStringProperty stateTextProperty() { return stateText; }
    /** The URL as the sidebar and the status bar show it: empty while starting, "not running" after a failed start. */
    public ReadOnlyStringProperty urlTextProperty() { return urlText; }
    /** The key as the UI may show it. */
    public String maskedKey() { return key == null ? "" : key.masked(); }

    @Override
    public String toString() {
        return descriptor.get().name();
    }
}
