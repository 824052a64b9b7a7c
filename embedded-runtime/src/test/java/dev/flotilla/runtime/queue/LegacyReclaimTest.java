package dev.flotilla.runtime.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.store.Keys;
import dev.flotilla.runtime.store.QueueStore;
import dev.flotilla.runtime.store.Store;
import dev.flotilla.runtime.support.RawRedis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.params.XAddParams;

/** The Redis 5.0 reclaim path (XPENDING + XCLAIM), run on whatever Redis is here by forcing it. */
class LegacyReclaimTest {

    private static final Duration LEASE = Duration.ofSeconds(1);

    @Test
    void expiredLeasesAreReclaimedAndRenewedOnesAreLeftAlone() throws Exception {
        try (EmbeddedRedis server = EmbeddedRedis.ephemeral();
             var redis = RawRedis.client(server.endpoint());
             Store store = Store.connect(server.endpoint())) {
            Keys keys = new Keys("legacy");
            QueueStore queue = new QueueStore(store, keys, false);
            queue.ensureGroup("assistant");
            for (int i = 0; i < 3; i++) redis.xadd(keys.queue("assistant"), XAddParams.xAddParams(), Map.of("run_id", "r" + i));
            try (QueueStore.Reader reader = queue.openReader(Duration.ofSeconds(1))) {
                var dead = queue.take(reader, "assistant", "dead-node", 2, Duration.ofMillis(100));
                var alive = queue.take(reader, "assistant", "live-node", 1, Duration.ofMillis(100));
                assertThat(dead).hasSize(2);
                assertThat(alive).hasSize(1);

                // Redis measures idleness in real time: a lease of a second, and a renewal that leaves the
                // live entry a second's margin however slow this machine is between the steps below
                Thread.sleep(1_200);
                queue.renew("assistant", "live-node", java.util.List.of(alive.getFirst().entryId()));
                var r = queue.reclaim("assistant", "rescuer", LEASE, 10, QueueStore.SCAN_START);
                assertThat(r.deliveries()).extracting(Delivery::runId).containsExactlyInAnyOrder("r0", "r1");
                assertThat(r.deliveries()).allMatch(Delivery::reclaimed);
                assertThat(r.next()).isEqualTo(QueueStore.SCAN_START);
                // taken over once: a second rescuer finds nothing
                assertThat(queue.reclaim("assistant", "other", LEASE, 10, QueueStore.SCAN_START).deliveries()).isEmpty();
            }
        }
    }
}
