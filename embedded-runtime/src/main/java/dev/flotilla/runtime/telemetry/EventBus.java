package dev.flotilla.runtime.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.redis.Keys;
import dev.flotilla.runtime.redis.RedisConnections;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;

/**
 * Publishes runtime events to this node's in-process listeners (metrics) and fleet-wide through
 * Redis Pub/Sub; receives every node's events and hands them, as JSON, to fleet listeners (SSE,
 * cancellation). Listeners must be fast and must not throw; a throwing listener is logged, not fatal.
 */
public final class EventBus implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventBus.class);
    /** The runtime's shared mapper ({@link Json#MAPPER}). */
    public static final ObjectMapper JSON = Json.MAPPER;

    private final UnifiedJedis redis;
    private final RedisConnections connections;
    private final String channel;
    private final List<Consumer<RuntimeEvent>> localListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> fleetListeners = new CopyOnWriteArrayList<>();
    private volatile JedisPubSub subscription;
    private volatile boolean closed;
    private Thread subscriber;

    public EventBus(UnifiedJedis redis, RedisConnections connections, Keys keys) {
        this.redis = redis;
        this.connections = connections;
        this.channel = keys.events();
    }

    /** Events raised on this node only. */
    public void onLocal(Consumer<RuntimeEvent> listener) { localListeners.add(listener); }

    /** Every event of the fleet, as its JSON text. */
    public void onFleet(Consumer<String> listener) { fleetListeners.add(listener); }

    public void removeFleet(Consumer<String> listener) { fleetListeners.remove(listener); }

    public void publish(RuntimeEvent event) {
        publishLocal(event);
        try {
            redis.publish(channel, toJson(event));
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
        subscriber = Thread.ofVirtual().name("event-subscriber").start(this::subscribeLoop);
    }

    private void subscribeLoop() {
        long backoffMs = 200;
        while (!closed) {
            // a read timeout plus pings on the subscription: a silently dead link is noticed and replaced
            try (Jedis jedis = connections.dedicated(Duration.ofSeconds(30))) {
                var sub = new JedisPubSub() {
                    @Override
                    public void onMessage(String ch, String message) {
                        for (var l : fleetListeners) {
                            try {
                                l.accept(message);
                            } catch (RuntimeException e) {
                                log.warn("fleet event listener failed", e);
                            }
                        }
                    }
                };
                subscription = sub;
                backoffMs = 200;
                Thread pinger = Thread.ofVirtual().name("event-subscription-ping").start(() -> pingWhileSubscribed(sub));
                try {
                    jedis.subscribe(sub, channel);
                } finally {
                    pinger.interrupt();
                }
            } catch (Exception e) {
                if (closed) return;
                log.warn("event subscription lost ({}); retrying in {} ms", e.getMessage(), backoffMs);
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, 5_000);
            }
        }
    }

    private void pingWhileSubscribed(JedisPubSub sub) {
        while (!closed) {
            try {
                Thread.sleep(10_000);
                if (sub.isSubscribed()) sub.ping();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                return; // the subscribe loop sees the broken connection and reconnects
            }
        }
    }

    /** True once the fleet subscription is live (events published after this are received). */
    public boolean subscribed() {
        var s = subscription;
        return s != null && s.isSubscribed();
    }

    @Override
    public void close() {
        closed = true;
        var s = subscription;
        if (s != null && s.isSubscribed()) {
            try {
                s.unsubscribe();
            } catch (Exception ignored) {
                // connection already gone
            }
        }
        if (subscriber != null) subscriber.interrupt();
    }
}
