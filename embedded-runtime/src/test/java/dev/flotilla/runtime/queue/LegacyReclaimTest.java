package dev.flotilla.runtime.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.redis.EmbeddedRedis;
import dev.flotilla.runtime.redis.Keys;
import dev.flotilla.runtime.redis.RedisConnections;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

/** The Redis 5.0 reclaim path (XPENDING + XCLAIM), run on whatever Redis is here by forcing it. */
class LegacyReclaimTest {

    @Test
    void expiredLeasesAreReclaimedAndRenewedOnesAreLeftAlone() throws Exception {
        try (EmbeddedRedis server = EmbeddedRedis.ephemeral();
             var redis = new RedisConnections(server.endpoint()).pooled();
             var conn = new RedisConnections(server.endpoint()).dedicated(Duration.ofSeconds(5))) {
            Keys keys = new Keys("legacy");
            RunQueue queue = new RunQueue(redis, keys, false);
            queue.ensureGroup("assistant");
            for (int i = 0; i < 3; i++) redis.xadd(keys.queue("assistant"), XAddParams.xAddParams(), Map.of("run_id", "r" + i));
            var dead = queue.take(conn, "assistant", "dead-node", 2, Duration.ofMillis(100));
            var alive = queue.take(conn, "assistant", "live-node", 1, Duration.ofMillis(100));
            assertThat(dead).hasSize(2);
            assertThat(alive).hasSize(1);

            Thread.sleep(300); // Redis measures idleness in real time
            queue.renew("assistant", "live-node", java.util.List.of(alive.getFirst().entryId().toString()));
            var r = queue.reclaim("assistant", "rescuer", Duration.ofMillis(200), 10, new StreamEntryID(0, 0));
            assertThat(r.deliveries()).extracting(RunQueue.Delivery::runId).containsExactlyInAnyOrder("r0", "r1");
            assertThat(r.deliveries()).allMatch(RunQueue.Delivery::reclaimed);
            assertThat(r.next()).isEqualTo(new StreamEntryID(0, 0));
            // taken over once: a second rescuer finds nothing
            assertThat(queue.reclaim("assistant", "other", Duration.ofMillis(200), 10, new StreamEntryID(0, 0)).deliveries()).isEmpty();
        }
    }
}
