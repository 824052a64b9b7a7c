package dev.flotilla.runtime.redis;

import java.time.Duration;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;

/** Builds Jedis clients for one endpoint: a pooled client for commands, plain ones for blocking reads. */
public final class RedisConnections {

    private final RedisEndpoint endpoint;

    public RedisConnections(RedisEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    /** A pooled client sized for a node: one connection per busy agent plus the node's own loops. */
    public JedisPooled pooled() {
        var pool = new GenericObjectPoolConfig<Connection>();
        pool.setMaxTotal(128);
        pool.setMaxIdle(32);
        pool.setMinIdle(2);
        pool.setMaxWait(Duration.ofSeconds(2));
        // short timeouts: when Redis is away the gateway answers 503 within a couple of seconds, never hangs
        return new JedisPooled(pool, endpoint.host(), endpoint.port(), 2_000, endpoint.password());
    }

    /** A dedicated connection for blocking commands (XREADGROUP BLOCK, SUBSCRIBE). */
    public Jedis dedicated(Duration socketTimeout) {
        var cfg = DefaultJedisClientConfig.builder()
                .password(endpoint.password())
                .connectionTimeoutMillis(2_000)
                .socketTimeoutMillis((int) socketTimeout.toMillis())
                .clientName("flotilla-blocking")
                .build();
        return new Jedis(new HostAndPort(endpoint.host(), endpoint.port()), cfg);
    }
}
