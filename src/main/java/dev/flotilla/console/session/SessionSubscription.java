package dev.flotilla.console.session;

import dev.flotilla.console.fleet.FleetSignal;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A page's hold on the current fleet: switching to another session unsubscribes from the old one
 * first, so no batch of the previous fleet reaches the page afterwards. FX thread only.
 */
public final class SessionSubscription {

    private static final Logger log = LoggerFactory.getLogger(SessionSubscription.class);

    private FleetSession session;
    private AutoCloseable subscription;

    /** Switches to {@code next} (null for none) and delivers its batches to {@code onSignals}. */
    public void switchTo(FleetSession next, Consumer<List<FleetSignal>> onSignals) {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                log.debug("unsubscribe failed: {}", e.getMessage());
            }
        }
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
