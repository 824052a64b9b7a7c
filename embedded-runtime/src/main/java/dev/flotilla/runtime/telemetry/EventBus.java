package dev.flotilla.runtime.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.json.Json;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes runtime events to this node's in-process listeners (metrics) and fleet-wide on the
 * store's {@link FleetChannel}; receives every node's events and hands them, as JSON, to fleet listeners (SSE,
 * cancellation). Listeners must be fast and must not throw; a throwing listener is logged, not fatal.
 */
public final class EventBus implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);
    /** The runtime's shared mapper ({@link Json#MAPPER}). */
    public static final ObjectMapper JSON = Json.MAPPER;

    private final FleetChannel channel;
    private final List<Consumer<RuntimeEvent>> localListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> fleetListeners = new CopyOnWriteArrayList<>();

    public EventBus(FleetChannel channel) {
        this.channel = channel;
    }

    /** Events raised on this node only. */
    public void onLocal(Consumer<RuntimeEvent> listener) { localListeners.add(listener); }

    /** Every event of the fleet, as its JSON text. */
    public void onFleet(Consumer<String> listener) { fleetListeners.add(listener); }

    public void removeFleet(Consumer<String> listener) { fleetListeners.remove(listener); }

    public void publish(RuntimeEvent event) {
        publishLocal(event);
        try {
            channel.publish(toJson(event));
        } catch (Exception e) {
            log.warn("could not publish {} fleet-wide: {}", event.type(), e.getMessage());
        }
    }

    /**
     * Hands an event to this node's listeners only: for events that a Redis script already
     * published fleet-wide in the same step as the change they announce.
     */
    public void publishLocal(RuntimeEvent event) {
        for (var l : localListeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                log.warn("event listener failed on {}", event.type(), e);
            }
        }
    }

    /** The wire form of an event, as published on the fleet channel. */
    public static String toJson(RuntimeEvent event) {
        return Json.write(event);
    }

    public void start() {
        channel.subscribe(this::toFleetListeners);
    }

    private void toFleetListeners(String message) {
        for (var l : fleetListeners) {
            try {
                l.accept(message);
            } catch (RuntimeException e) {
                log.warn("fleet event listener failed", e);
            }
        }
    }

    /** True once the fleet subscription is live (events published after this are received). */
    public boolean subscribed() {
        return channel.subscribed();
    }

    @Override
    public void close() {
        channel.close();
    }
}
