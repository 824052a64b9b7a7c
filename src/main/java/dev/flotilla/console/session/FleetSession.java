package dev.flotilla.console.session;

import dev.flotilla.console.fleet.ConnectionState;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.api.FleetClient;
import dev.flotilla.console.fx.FxEventBridge;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the pages of the console see of one fleet: its descriptor, its client for commands, and
 * its signals (events, connection state, fleet snapshots) already moved onto the FX thread by one
 * {@link FxEventBridge}. It also remembers the latest snapshot and state, so a page that switches
 * to this fleet can show something at once instead of waiting for the next poll.
 */
public final class FleetSession implements AutoCloseable {

    private final FleetConnection connection;
    private final FxEventBridge<FleetSignal> signals;
    private volatile FleetSnapshot lastSnapshot;
    private volatile ConnectionState lastState = ConnectionState.CONNECTING;
    private java.util.concurrent.CompletableFuture<dev.flotilla.console.fleet.KeyRole> keyRole;

    /** {@code fxThread} is {@code Platform::runLater} in the app; tests pass a stand-in. */
    public FleetSession(FleetTarget target, ScheduledExecutorService scheduler, Executor fxThread, Clock clock) {
        this.signals = FxEventBridge.withDefaults(fxThread, scheduler);
        this.connection = new FleetConnection(target, this::receive, scheduler, clock);
    }

    public FleetSession start() {
        connection.start();
        return this;
    }

    private void receive(FleetSignal s) {
        if (s instanceof FleetSnapshot snap) lastSnapshot = snap;
        if (s instanceof ConnectionState st) lastState = st;
        signals.post(s);
    }

    public FleetDescriptor descriptor() {
        return connection.descriptor();
    }

    public FleetClient client() {
        return connection.client();
    }

    /** Subscribe here; batches arrive on the FX thread. */
    public FxEventBridge<FleetSignal> signals() {
        return signals;
    }

    public Optional<FleetInfo> lastFleet() {
        FleetSnapshot s = lastSnapshot;
        return s == null ? Optional.empty() : Optional.of(s.info());
    }

    /** The latest fleet snapshot with the moment it was taken, so ages can be counted on from it. */
    public Optional<FleetSnapshot> lastSnapshot() {
        return Optional.ofNullable(lastSnapshot);
    }

    public ConnectionState lastState() {
        return lastState;
    }

    /**
     * The key this console presents to the fleet and its operator role, asked once per session and
     * shared by every page (asked again after a failure: the node may have been away).
     */
    public synchronized java.util.concurrent.CompletableFuture<dev.flotilla.console.fleet.KeyRole> keyRole() {
        if (keyRole == null || keyRole.isCompletedExceptionally()) keyRole = client().keys().whoami();
        return keyRole;
    }

    /** Asks for a fresh fleet snapshot now (after a command changed the fleet). */
    public void refresh() {
        connection.refresh();
    }

    @Override
    public void close() {
        signals.close();
        connection.close();
    }
}
