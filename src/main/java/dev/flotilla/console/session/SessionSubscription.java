package dev.flotilla.console.session;

import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fx.FxEventBridge;
import java.util.List;
import java.util.function.Consumer;

/**
 * A page's hold on the current fleet: switching to another session unsubscribes from the old one
 * first, so no batch of the previous fleet reaches the page afterwards. FX thread only.
 */
public final class SessionSubscription {

    private FleetSession session;
    private FxEventBridge.Subscription subscription;

    /** Switches to {@code next} (null for none) and delivers its batches to {@code onSignals}. */
    public void switchTo(FleetSession next, Consumer<List<FleetSignal>> onSignals) {
        if (subscription != null) subscription.close();
        session = next;
        subscription = next == null ? null : next.signals().subscribe(onSignals);
    }

    public FleetSession current() {
        return session;
    }

    /** True when {@code s} is still the session shown; late answers for an old fleet are dropped. */
    public boolean isCurrent(FleetSession s) {
        return s != null && s == session;
    }
}
