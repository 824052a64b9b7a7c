package dev.flotilla.runtime.telemetry;

import java.util.function.Consumer;

/**
 * The fleet-wide channel events travel on (Redis Pub/Sub in the store): published as JSON, heard
 * by every node. An interface here, implemented by the store, so that telemetry needs no store.
 */
public interface FleetChannel extends AutoCloseable {

    /** Publishes {@code message} to every node; throws the store's unchecked exception when it cannot. */
    void publish(String message);

    /** Starts hearing every node's messages (on a thread of the channel's own); resubscribes after outages. */
    void subscribe(Consumer<String> onMessage);

    /** True while the subscription is up. */
    boolean subscribed();

    @Override
    void close();
}
