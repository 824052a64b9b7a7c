package dev.flotilla.runtime.support;

import dev.flotilla.runtime.store.RedisEndpoint;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** A plain client on a test's Redis, to look at (or damage) what the store keeps there. */
public final class RawRedis {

    private RawRedis() {}

    public static JedisPooled client(RedisEndpoint e) {
        return new JedisPooled(new HostAndPort(e.host(), e.port()),
                DefaultJedisClientConfig.builder().password(e.password()).socketTimeoutMillis(5_000).build());
    }
}
