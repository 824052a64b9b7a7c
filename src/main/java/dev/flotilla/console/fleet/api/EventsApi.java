package dev.flotilla.console.fleet.api;

import dev.flotilla.console.fleet.Backoff;
import dev.flotilla.console.fleet.ConnectionState;
import dev.flotilla.console.fleet.EventStream;
import dev.flotilla.console.fleet.FleetEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import okhttp3.Request;

/** The fleet's live events ({@code GET /v1/events}, server-sent events). */
public final class EventsApi {

    /** SSE pings come every 15 s; three missed pings mean the stream is dead even if TCP says not. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(45);

    private final GatewayHttp http;

    public EventsApi(GatewayHttp http) {
        this.http = http;
    }

    /**
     * Opens the event stream; it reconnects by itself until closed. {@code onEvent} and
     * {@code onState} run on background threads.
     */
    public EventStream open(Consumer<FleetEvent> onEvent, Consumer<ConnectionState> onState, ScheduledExecutorService scheduler) {
        Request r = http.authorized(http.url("v1", "events")).header("Accept", "text/event-stream").build();
        return new EventStream(http.streaming(READ_TIMEOUT), r, onEvent, onState, scheduler, Backoff.standard()).start();
    }
}
