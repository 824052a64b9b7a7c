package dev.flotilla.console.session;

import dev.flotilla.console.fleet.EventStream;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.api.FleetClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The live connection to one fleet: its client, its event stream, and a poll of
 * {@code GET /v1/fleet} every two seconds. Everything it learns goes to one {@code sink} as
 * {@link FleetSignal}s, from background threads; the console's sink is the FX event bridge.
 */
public final class FleetConnection implements AutoCloseable {

    public static final Duration POLL_EVERY = Duration.ofSeconds(2);

    private final FleetTarget target;
    private final FleetClient client;
    private final Consumer<FleetSignal> sink;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private EventStream events;
    private ScheduledFuture<?> poller;

    public FleetConnection(FleetTarget target, Consumer<FleetSignal> sink, ScheduledExecutorService scheduler, Clock clock) {
        this.target = Objects.requireNonNull(target, "target");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = new FleetClient(target.descriptor().url(), target.key());
    }

    /** Opens the event stream and starts polling; returns at once. */
    public synchronized FleetConnection start() {
        if (events != null) throw new IllegalStateException("already started");
        events = client.events().open(sink::accept, sink::accept, scheduler);
        poller = scheduler.scheduleWithFixedDelay(this::poll, 0, POLL_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public FleetDescriptor descriptor() {
        return target.descriptor();
    }

    public FleetClient client() {
        return client;
    }

    /** Polls now (after a command changed the fleet) instead of waiting for the next tick. */
    public void refresh() {
        if (closed.get()) return;
        try {
            scheduler.execute(this::poll);
        } catch (RejectedExecutionException windowClosing) {
            // the console is shutting down: there is no one left to show a fresh snapshot to
        }
    }

    private void poll() {
        // one poll in flight at most: a slow node must not pile requests up
        if (closed.get() || !polling.compareAndSet(false, true)) return;
        client.fleet().get().whenComplete((info, error) -> {
            polling.set(false);
            if (info != null) sink.accept(new FleetSnapshot(info, clock.instant()));
        });
    }

    @Override
    public synchronized void close() {
        closed.set(true);
        if (poller != null) poller.cancel(false);
        if (events != null) events.close();
        client.close();
    }
}
