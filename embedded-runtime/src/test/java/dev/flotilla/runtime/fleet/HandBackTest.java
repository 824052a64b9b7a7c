package dev.flotilla.runtime.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.store.RedisEndpoint;
import dev.flotilla.runtime.support.GatedModel;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.MutableClock;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HandBackTest {

    @Test
    void aLongRunHandedBackByADrainingNodeIsNotFailedForItsAge() {
        MutableClock clock = new MutableClock(Instant.now());
        try (EmbeddedRedis redis = EmbeddedRedis.ephemeral()) {
            RedisEndpoint e = redis.endpoint();
            String url = "redis://:" + e.password() + "@" + e.host() + ":" + e.port();
            String id;
            FleetRuntime leaving = TestNodes.node().nodeId("leaving").redisUrl(url).model(new GatedModel()).clock(clock)
                    .queueTimeout(Duration.ofMinutes(2)).drainTimeout(Duration.ofMillis(200)).build().start();
            try {
                Http http = TestNodes.http(leaving);
                id = http.submit("assistant", "a long job", null);
                http.awaitRun(id, Duration.ofSeconds(10), r -> r.path("status").asText().equals("running"));
                clock.advance(Duration.ofMinutes(10)); // it has run far longer than the queue timeout
            } finally {
                leaving.close(); // drain times out: the run goes back in line
            }
            try (FleetRuntime next = TestNodes.node().nodeId("next").redisUrl(url).clock(clock)
                    .queueTimeout(Duration.ofMinutes(2)).build().start()) {
                JsonNode run = TestNodes.http(next).awaitTerminal(id, Duration.ofSeconds(20));
                assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
                assertThat(run.path("node").asText()).isEqualTo("next");
            }
        }
    }
}
