package dev.flotilla.runtime.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.store.Keys;
import dev.flotilla.runtime.store.RedisEndpoint;
import dev.flotilla.runtime.run.RunRequest;
import dev.flotilla.runtime.run.RunStatus;
import dev.flotilla.runtime.store.QueueStore;
import dev.flotilla.runtime.store.RunRecords;
import dev.flotilla.runtime.store.Store;
import dev.flotilla.runtime.support.RawRedis;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

class FailedStartTest {

    @Test
    void aNodeThatCannotStartTakesNoRunFromTheQueue() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.ephemeral();
             JedisPooled jedis = RawRedis.client(redis.endpoint());
             Store typed = Store.connect(redis.endpoint());
             ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            RedisEndpoint e = redis.endpoint();
            String url = "redis://:" + e.password() + "@" + e.host() + ":" + e.port();
            Keys keys = new Keys("default");
            RunRecords store = new RunRecords(typed, keys, Clock.systemUTC(), Duration.ofHours(1), RunRecords.DEFAULT_MAX_QUEUE_DEPTH);
            new QueueStore(typed, keys).ensureGroup("assistant");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) ids.add(store.create(RunRequest.of("assistant", "waiting " + i), "simulated").run().id());

            var doomed = TestNodes.node().nodeId("doomed").redisUrl(url).port(busy.getLocalPort()).build();
            assertThatThrownBy(doomed::start).hasMessageContaining("already in use");

            for (String id : ids) assertThat(store.find(id).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
            assertThat(jedis.xlen(keys.queue("assistant"))).isEqualTo(3);
            assertThat(jedis.xpending(keys.queue("assistant"), QueueStore.GROUP).getTotal()).isZero();

            try (FleetRuntime good = TestNodes.node().nodeId("good").redisUrl(url).build().start()) {
                Http http = TestNodes.http(good);
                for (String id : ids) assertThat(http.awaitTerminal(id, Duration.ofSeconds(20)).path("status").asText()).isEqualTo("succeeded");
            }
        }
    }

    @Test
    void aLostConsumerGroupIsRecreatedAndRunsFlowOn() throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.ephemeral();
             JedisPooled jedis = RawRedis.client(redis.endpoint())) {
            RedisEndpoint e = redis.endpoint();
            String url = "redis://:" + e.password() + "@" + e.host() + ":" + e.port();
            try (FleetRuntime node = TestNodes.node().nodeId("flushed").redisUrl(url).build().start()) {
                Http http = TestNodes.http(node);
                jedis.flushAll(); // as after a restart of a Redis without persistence
                String id = http.submit("assistant", "after the flush", null);
                assertThat(http.awaitTerminal(id, Duration.ofSeconds(20)).path("status").asText()).isEqualTo("succeeded");
            }
        }
    }
}
