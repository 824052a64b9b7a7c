package dev.flotilla.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.store.RedisEndpoint;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import org.junit.jupiter.api.Test;

class RedisOutageTest {

    @Test
    void aLostRedisGets503WithRetryAfterAndTheNodeStaysUp() {
        EmbeddedRedis redis = EmbeddedRedis.ephemeral();
        RedisEndpoint e = redis.endpoint();
        try (FleetRuntime node = TestNodes.node().nodeId("outage")
                .redisUrl("redis://:" + e.password() + "@" + e.host() + ":" + e.port()).build().start()) {
            Http http = TestNodes.http(node);
            redis.close();

            Http.Response submit = http.post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"hello\"}");
            assertThat(submit.status()).isEqualTo(503);
            assertThat(submit.json().at("/error/code").asText()).isEqualTo("store_unavailable");
            assertThat(submit.headers().firstValue("Retry-After")).isPresent();

            Http.Response ready = http.withKey(null).get("/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().at("/checks/redis").asText()).isEqualTo("unhealthy");
            assertThat(http.withKey(null).get("/health").status()).isEqualTo(200);
        }
    }
}
