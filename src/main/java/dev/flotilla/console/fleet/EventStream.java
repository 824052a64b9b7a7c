package dev.flotilla.console.fleet;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live {@code GET /v1/events} stream of one node. It reconnects by itself with exponential
 * backoff (0.5 s doubling to 10 s) and reports its {@link ConnectionState}; a rejected key (401/403)
 * or a URL that is not a Flotilla node (404) ends in {@link ConnectionState.Failed} without retrying,
 * because retrying cannot fix those. Both callbacks run on OkHttp or scheduler threads, never the
 * FX thread; they must be quick and must not throw.
 */
public final class EventStream implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    static final String KEY_REJECTED = "API key rejected; remove the fleet and add it again with the right key";

    private final EventSource.Factory factory;
    private final Request request;
    private final Consumer<FleetEvent> onEvent;
    private final Consumer<ConnectionState> onState;
    private final ScheduledExecutorService scheduler;
    private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Backoff backoff;
    private long openedAtNanos;
    private EventSource source;
    private ScheduledFuture<?> retry;
    private ConnectionState state;
    /** Bumped on every connect so callbacks from an abandoned source are ignored. */
    private long generation;
    private boolean closed;

    /** Prepared, not connected: {@link #start()} connects. {@code http} should have no call timeout (the stream is long). */
    public EventStream(OkHttpClient http, Request request, Consumer<FleetEvent> onEvent, Consumer<ConnectionState> onState,
                ScheduledExecutorService scheduler, Backoff backoff) {
        this.factory = EventSources.createFactory(http);
        this.request = request;
        this.onEvent = onEvent;
        this.onState = onState;
        this.scheduler = scheduler;
        this.backoff = backoff;
    }

    /** Connects; returns at once. */
    public synchronized EventStream start() {
        if (source != null || closed) throw new IllegalStateException("already started");
        connect();
        return this;
    }

    public synchronized ConnectionState state() {
        return state;
    }

    private synchronized void connect() {
        if (closed) return;
        long gen = ++generation;
        if (!(state instanceof ConnectionState.Reconnecting)) setState(ConnectionState.CONNECTING);
        source = factory.newEventSource(request, new Listener(gen));
    }

    private synchronized void opened(long gen) {
        if (gen != generation || closed) return;
        openedAtNanos = System.nanoTime();
        setState(ConnectionState.CONNECTED);
    }

    private synchronized void lost(long gen, String reason, boolean retryable) {
        if (gen != generation || closed) return;
        generation++; // the old source may still call back; ignore it
        if (!retryable) {
            setState(new ConnectionState.Failed(reason));
            return;
        }
        // only a stream that stayed up a while earns a quick retry; one that opens and drops at
        // once (a proxy, a node shutting down) keeps backing off instead of hammering the node
        if (openedAtNanos != 0 && System.nanoTime() - openedAtNanos >= STABLE_NANOS) backoff.reset();
        openedAtNanos = 0;
        Duration wait = backoff.next();
        setState(new ConnectionState.Reconnecting(reason));
        retry = scheduler.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void setState(ConnectionState s) {
        if (s.equals(state)) return;
        state = s;
        try {
            onState.accept(s);
        } catch (RuntimeException e) {
            log.warn("connection state listener failed", e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        generation++;
        if (retry != null) retry.cancel(false);
        if (source != null) source.cancel();
    }

    private final class Listener extends EventSourceListener {
        private final long gen;

        Listener(long gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(EventSource es, Response response) {
            opened(gen);
        }

        @Override
        public void onEvent(EventSource es, String id, String type, String data) {
            if (gen != currentGeneration()) return;
            FleetEvent event;
            try {
                event = Json.MAPPER.readValue(data, FleetEvent.class);
            } catch (IOException | RuntimeException e) {
                log.debug("skipping unreadable event {}: {}", type, e.getMessage());
                return;
            }
            try {
                onEvent.accept(event);
            } catch (RuntimeException e) {
                log.warn("event listener failed on {}", type, e);
            }
        }

        @Override
        public void onClosed(EventSource es) {
            lost(gen, "the node closed the event stream", true);
        }

        @Override
        public void onFailure(EventSource es, Throwable t, Response response) {
            int code = response == null ? 0 : response.code();
            switch (code) {
                case 401 -> lost(gen, KEY_REJECTED, false);
                case 403 -> lost(gen, "this API key may not read events; remove the fleet and add it with an operator or admin key", false);
                case 404 -> lost(gen, "no Flotilla API at this URL (HTTP 404); check the URL", false);
                default -> lost(gen, describe(t, code), true);
            }
        }
    }

    private synchronized long currentGeneration() {
        return generation;
    }

    static String describe(Throwable t, int code) {
        if (code >= 300) return "the node answered HTTP " + code;
        if (code >= 200) return "the node did not answer with an event stream";
        if (t != null) log.debug("event stream lost: {}", t.toString());
        return NetworkProblem.describe(t);
    }
}
