package dev.flotilla.runtime.store;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One node's connections to its fleet's Redis: a pool for commands (shared by every typed store
 * built on it) and dedicated connections for blocking reads and subscriptions. The typed stores
 * ({@link RunRecords}, {@link QueueStore}, {@link DeadLetterStore}, {@link SessionStore},
 * {@link NodeHeartbeats}, {@link RecentEvents}, {@link EventChannel}) are
 * built on one {@code Store} and a {@link Keys}. Thread-safe.
 */
public final class Store implements AutoCloseable {

    private final RedisEndpoint endpoint;
    private final Redis redis;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Store(RedisEndpoint endpoint, Redis redis) {
        this.endpoint = endpoint;
        this.redis = redis;
    }

    /** Opens a pool sized for a node: one connection per busy agent plus the node's own loops. Connects lazily. */
    public static Store connect(RedisEndpoint endpoint) {
        var pool = new GenericObjectPoolConfig<Connection>();
        pool.setMaxTotal(128);
        pool.setMaxIdle(32);
        pool.setMinIdle(2);
        pool.setMaxWait(Duration.ofSeconds(2));
        // short timeouts: when Redis is away the gateway answers 503 within a couple of seconds, never hangs
        var client = DefaultJedisClientConfig.builder().password(endpoint.password()).ssl(endpoint.ssl())
                .connectionTimeoutMillis(2_000).socketTimeoutMillis(2_000).build();
        return new Store(endpoint, new Redis(new JedisPooled(new HostAndPort(endpoint.host(), endpoint.port()), client, pool)));
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    /** Asks the server to answer; throws {@link StoreUnavailableException} when it does not. */
    public void ping() {
        redis.run(j -> j.ping());
    }

    /** True from Redis 6.2 on, where XAUTOCLAIM exists (older servers reclaim with XPENDING + XCLAIM). */
    public boolean serverHasAutoClaim() {
        String info = redis.call(j -> j.info("server"));
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                String[] v = line.substring("redis_version:".length()).trim().split("\\.");
                int major = Integer.parseInt(v[0]);
                int minor = v.length > 1 ? Integer.parseInt(v[1]) : 0;
                return major > 6 || (major == 6 && minor >= 2);
            }
        }
        return false;
    }

    /** A feature module's script ({@code resourcePath}: a class-path {@code .lua} resource), ready to run on this store. */
    public StoreScript script(String name, String resourcePath) {
        return new StoreScript(redis, dev.flotilla.runtime.store.lua.LuaScript.fromResource(name, resourcePath));
    }

    Redis redis() {
        return redis;
    }

    /** A connection of its own for a blocking command (XREADGROUP BLOCK, SUBSCRIBE), never a pooled one others need. */
    Jedis dedicated(Duration socketTimeout, String clientName) {
        var cfg = DefaultJedisClientConfig.builder()
                .password(endpoint.password())
                .ssl(endpoint.ssl())
                .connectionTimeoutMillis(2_000)
                .socketTimeoutMillis((int) socketTimeout.toMillis())
                .clientName(clientName)
                .build();
        try {
            return new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), cfg);
        } catch (JedisException e) {
            throw Redis.translate(e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) redis.close();
    }
}
