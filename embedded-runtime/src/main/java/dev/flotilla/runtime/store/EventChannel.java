package dev.flotilla.runtime.store;

import dev.flotilla.runtime.telemetry.FleetChannel;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The fleet's event channel on Redis Pub/Sub: publish a message to every node, and receive every
 * node's messages on a subscription of this node's own that reconnects by itself (with backoff)
 * and pings, so a silently dead link is noticed and replaced.
 */
public final class EventChannel implements FleetChannel {

    private static final Logger log = LoggerFactory.getLogger(EventChannel.class);

    private final Store store;
    private final String channel;
    private volatile JedisPubSub subscription;
    private volatile boolean closed;
    private Thread subscriber;

    public EventChannel(Store store, Keys keys) {
        this.store = store;
        this.channel = keys.events();
    }

    @Override
    public void publish(String message) {
        store.redis().run(j -> j.publish(channel, message));
    }

    /** Starts receiving: every message of the fleet goes to {@code onMessage}, on the subscriber's thread. */
    @Override
    public void subscribe(Consumer<String> onMessage) {
        if (subscriber != null) throw new IllegalStateException("already subscribed");
        subscriber = Thread.ofVirtual().name("event-subscriber").start(() -> subscribeLoop(onMessage));
    }

    private void subscribeLoop(Consumer<String> onMessage) {
        long backoffMs = 200;
        while (!closed) {
            // a read timeout plus pings on the subscription: a silently dead link is noticed and replaced
            try (Jedis jedis = store.dedicated(Duration.ofSeconds(30), "flotilla-events")) {
                var sub = new JedisPubSub() {
                    @Override
                    public void onMessage(String ch, String message) {
                        onMessage.accept(message);
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

    /** True once the subscription is live (messages published after this are received). */
    @Override
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
