package dev.flotilla.runtime.store;

import java.util.function.Function;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The pooled client behind every typed store, and the one place where the client's exceptions
 * become the store's: the rest of the runtime never sees a Jedis type.
 */
final class Redis {

    private final UnifiedJedis client;

    Redis(UnifiedJedis client) {
        this.client = client;
    }

    /** Runs {@code op} on the pooled client; client errors come out as {@link StoreException}s. */
    <T> T call(Function<UnifiedJedis, T> op) {
        try {
            return op.apply(client);
        } catch (JedisException e) {
            throw translate(e);
        }
    }

    /** Like {@link #call} for operations without an answer. */
    void run(java.util.function.Consumer<UnifiedJedis> op) {
        call(j -> {
            op.accept(j);
            return null;
        });
    }

    void close() {
        client.close();
    }

    /** The store's exception for a client exception. */
    static StoreException translate(JedisException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof JedisDataException) {
            // inside a script the server's error is wrapped ("... @user_script:12: -OOM command not allowed ...")
            if (message.contains("OOM command not allowed")) {
                return new StoreFullException("the fleet's Redis is full (maxmemory reached): " + message, e);
            }
            if (message.startsWith("NOGROUP") || message.contains("-NOGROUP")) {
                return new QueueGroupMissingException(message, e);
            }
            // a server that is starting, failing over or blocked by a slow script answers later
            if (message.startsWith("LOADING") || message.startsWith("BUSY") || message.startsWith("MASTERDOWN")
                    || message.startsWith("READONLY") || message.startsWith("TRYAGAIN") || message.startsWith("CLUSTERDOWN")) {
                return new StoreUnavailableException("the fleet's Redis cannot answer now: " + message, e);
            }
            return new StoreException("Redis refused a command: " + message, e);
        }
        if (e instanceof JedisConnectionException) {
            return new StoreUnavailableException("the fleet's Redis is unreachable: " + message, e);
        }
        // a pool without a free connection, a broken reply: the store is not answering
        return new StoreUnavailableException("the fleet's Redis did not answer: " + message, e);
    }
}
