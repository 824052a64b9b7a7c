package dev.flotilla.runtime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.redis.EmbeddedRedis;
import dev.flotilla.runtime.redis.Keys;
import dev.flotilla.runtime.redis.RedisConnections;
import dev.flotilla.runtime.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import dev.flotilla.runtime.queue.DeadLetters;
import dev.flotilla.runtime.queue.RunQueue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.XAddParams;

class RunStoreTest {

    static EmbeddedRedis server;
    static JedisPooled redis;

    @BeforeAll
    static void start() {
        server = EmbeddedRedis.ephemeral();
        redis = new RedisConnections(server.endpoint()).pooled();
    }

    @AfterAll
    static void stop() {
        redis.close();
        server.close();
    }

    @Test
    void runsAreKeptForTheRetentionTimeAndThenLeaveTheIndex() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
        Keys keys = new Keys("retention");
        RunStore store = new RunStore(redis, keys, clock, Duration.ofHours(2));
        Run old = store.create(new RunRequest("assistant", "old", null, "idem-1", Map.of()), "simulated").run();
        long ttl = redis.ttl(keys.run(old.id()));
        assertThat(ttl).isBetween(Duration.ofHours(2).toSeconds() - 5, Duration.ofHours(2).toSeconds());
        assertThat(redis.ttl(keys.idempotency("idem-1"))).isPositive();

        clock.advance(Duration.ofHours(3));
        Run fresh = store.create(RunRequest.of("assistant", "fresh"), "simulated").run();
        assertThat(redis.zrange(keys.runIndex(), 0, -1)).containsExactly(fresh.id()); // the old one aged out
    }

    @Test
    void statusMovesOnlyAlongAllowedTransitions() {
        Fixture f = fixture("transitions");
        Keys keys = f.keys();
        RunStore store = f.store();
        RunQueue queue = f.queue();
        Run run = store.create(RunRequest.of("assistant", "hi"), "simulated").run();
        RunStore.Entry entry = take(queue, "n1");
        var ok = RunStore.Outcome.succeeded("out", 3, 4, 2, "simulated/primary", null);
        assertThat(store.finish(run.id(), "L1", entry, ok, List.of(), null, null)).isEqualTo(-1); // not claimed yet
        RunStore.Claim claimed = store.claim(run.id(), "n1", "L1", false, 3, entry, null);
        assertThat(claimed.outcome()).isEqualTo(RunStore.Claim.Outcome.CLAIMED);
        assertThat(claimed.run().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(claimed.run().node()).isEqualTo("n1");
        assertThat(claimed.run().input()).isEqualTo("hi");
        assertThat(claimed.run().deliveries()).isEqualTo(1);
        // a second, ordinary delivery cannot take a running run
        assertThat(store.claim(run.id(), "n2", "L2", false, 3, entry, null).outcome()).isEqualTo(RunStore.Claim.Outcome.REFUSED);
        assertThat(store.finish(run.id(), "L1", entry, ok, List.of(), null, null)).isEqualTo(1);
        assertThat(store.cancel(run.id())).isFalse();                      // finished runs stay finished
        Run done = store.find(run.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.node()).isEqualTo("n1");
        assertThat(done.totalTokens()).isEqualTo(7);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.model()).isEqualTo("simulated/primary");
        assertThat(done.timelineJson()).contains("\"queued\"", "\"started\"", "\"succeeded\"");
        assertThat(redis.xlen(keys.queue("assistant"))).as("the entry is forgotten with the outcome").isZero();
    }

    @Test
    void aNodeWhoseLeaseWasTakenOverWritesNothing() {
        Fixture f = fixture("fencing");
        Keys keys = f.keys();
        RunStore store = f.store();
        RunQueue queue = f.queue();
        Run run = store.create(RunRequest.of("assistant", "hi"), "simulated").run();
        RunStore.Entry entry = take(queue, "slow");
        assertThat(store.claim(run.id(), "slow", "L-slow", false, 3, entry, null).outcome()).isEqualTo(RunStore.Claim.Outcome.CLAIMED);

        // the slow node stalls past its lease; another node reclaims the entry and takes the run over
        var reclaimed = queue.reclaim("assistant", "rescuer", Duration.ZERO, 10, new redis.clients.jedis.StreamEntryID(0, 0));
        assertThat(reclaimed.deliveries()).hasSize(1);
        RunStore.Claim c = store.claim(run.id(), "rescuer", "L-rescuer", true, 3, entry, null);
        assertThat(c.outcome()).isEqualTo(RunStore.Claim.Outcome.CLAIMED);
        assertThat(c.previousNode()).isEqualTo("slow");

        // the slow node wakes up: its renewal says the lease is gone, and its writes are refused
        assertThat(queue.renew("assistant", "slow", List.of(entry.entryId()))).containsExactly(entry.entryId());
        assertThat(queue.renew("assistant", "rescuer", List.of(entry.entryId()))).isEmpty();
        var late = RunStore.Outcome.succeeded("from the slow node", 1, 1, 1, null, null);
        assertThat(store.finish(run.id(), "L-slow", entry, late, List.of(), null, null)).isEqualTo(-1);
        assertThat(store.release(run.id(), "L-slow", entry, "slow", null, null, 3, List.of(), null)).isEqualTo(RunStore.Release.LOST);
        assertThat(redis.xpending(keys.queue("assistant"), RunQueue.GROUP).getTotal()).as("the rescuer's entry is untouched").isEqualTo(1);

        var good = RunStore.Outcome.succeeded("from the rescuer", 1, 1, 1, null, null);
        assertThat(store.finish(run.id(), "L-rescuer", entry, good, List.of(), null, null)).isEqualTo(1);
        Run done = store.find(run.id()).orElseThrow();
        assertThat(done.output()).isEqualTo("from the rescuer");
        assertThat(done.node()).isEqualTo("rescuer");
        assertThat(done.deliveries()).isEqualTo(2);
        assertThat(done.failures()).isEqualTo(1);
        assertThat(done.errorsJson()).contains("lease_expired", "slow");
    }

    @Test
    void aRunThatFailsEveryDeliveryBecomesADeadLetterAndCanBeReplayed() {
        Fixture f = fixture("poison");
        Keys keys = f.keys();
        RunStore store = f.store();
        RunQueue queue = f.queue();
        DeadLetters letters = new DeadLetters(redis, keys, store);
        Run run = store.create(RunRequest.of("assistant", "poison"), "simulated").run();
        for (int delivery = 1; delivery <= 3; delivery++) {
            RunStore.Entry entry = take(queue, "n1");
            String lease = "L" + delivery;
            assertThat(store.claim(run.id(), "n1", lease, false, 3, entry, null).outcome()).isEqualTo(RunStore.Claim.Outcome.CLAIMED);
            RunStore.Release r = store.release(run.id(), lease, entry, "n1", "internal_error", "boom " + delivery, 3, List.of(), null);
            assertThat(r).isEqualTo(delivery < 3 ? RunStore.Release.REQUEUED : RunStore.Release.DEAD_LETTERED);
        }
        Run dead = store.find(run.id()).orElseThrow();
        assertThat(dead.status()).isEqualTo(RunStatus.FAILED);
        assertThat(dead.errorCode()).isEqualTo("dead_lettered");
        assertThat(dead.errorsJson()).contains("boom 1", "boom 2", "boom 3");
        assertThat(redis.xlen(keys.queue("assistant"))).isZero();
        assertThat(letters.list(10)).extracting(DeadLetters.Letter::runId).containsExactly(run.id());
        assertThat(letters.find(run.id()).orElseThrow().failures()).isEqualTo(3);

        assertThat(letters.replay(run.id(), "test", null)).isEqualTo(DeadLetters.ReplayResult.REPLAYED);
        assertThat(letters.list(10)).isEmpty();
        assertThat(letters.replay(run.id(), "test", null)).isEqualTo(DeadLetters.ReplayResult.NOT_FOUND);
        Run again = store.find(run.id()).orElseThrow();
        assertThat(again.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(again.failures()).isZero();
        assertThat(again.timelineJson()).contains("dead_lettered", "replayed");
        RunStore.Entry entry = take(queue, "n1");
        assertThat(store.claim(run.id(), "n1", "L4", false, 3, entry, null).outcome()).isEqualTo(RunStore.Claim.Outcome.CLAIMED);
    }

    @Test
    void aHandBackRacingATakeOverLeavesTheRunWithTheNewEntryNotStrandedRunning() {
        Fixture f = fixture("race");
        Keys keys = f.keys();
        RunStore store = f.store();
        RunQueue queue = f.queue();
        Run run = store.create(RunRequest.of("assistant", "hi"), "simulated").run();
        RunStore.Entry e1 = take(queue, "a");
        assertThat(store.claim(run.id(), "a", "LA", false, 3, e1, null).outcome()).isEqualTo(RunStore.Claim.Outcome.CLAIMED);
        // a stalls; b takes the entry over, but before b claims the run, a wakes and hands it back
        assertThat(queue.reclaim("assistant", "b", Duration.ZERO, 10, new redis.clients.jedis.StreamEntryID(0, 0)).deliveries()).hasSize(1);
        assertThat(store.release(run.id(), "LA", e1, "a", null, null, 3, List.of(), null)).isEqualTo(RunStore.Release.REQUEUED);
        // b's claim of the old entry is refused: the run lives on in the entry the hand-back made
        assertThat(store.claim(run.id(), "b", "LB", true, 3, e1, null).outcome()).isEqualTo(RunStore.Claim.Outcome.REFUSED);
        RunStore.Entry e2 = take(queue, "c");
        assertThat(e2.entryId()).isNotEqualTo(e1.entryId());
        assertThat(store.claim(run.id(), "c", "LC", false, 3, e2, null).outcome()).isEqualTo(RunStore.Claim.Outcome.CLAIMED);
        assertThat(store.finish(run.id(), "LC", e2, RunStore.Outcome.succeeded("done", 1, 1, 1, null, null), List.of(), null, null)).isEqualTo(1);
        Run done = store.find(run.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.node()).isEqualTo("c");
        assertThat(redis.xlen(keys.queue("assistant"))).isZero();
    }

    @Test
    void aDeliveryIsTakenWhenTheEntryTheRunRecordsIsGone() {
        // a node of the previous version hands a run back without recording the new entry on the run
        Fixture f = fixture("mixed");
        Keys keys = f.keys();
        RunStore store = f.store();
        RunQueue queue = f.queue();
        Run run = store.create(RunRequest.of("assistant", "hi"), "simulated").run();
        RunStore.Entry e1 = take(queue, "old");
        redis.hset(keys.run(run.id()), "status", "queued");
        redis.xadd(keys.queue("assistant"), XAddParams.xAddParams(), Map.of("run_id", run.id(), "requeued", "1"));
        redis.xack(keys.queue("assistant"), RunQueue.GROUP, new redis.clients.jedis.StreamEntryID(e1.entryId()));
        redis.xdel(keys.queue("assistant"), new redis.clients.jedis.StreamEntryID(e1.entryId()));
        assertThat(redis.hget(keys.run(run.id()), "entry")).isEqualTo(e1.entryId());

        RunStore.Entry e2 = take(queue, "new");
        assertThat(store.claim(run.id(), "new", "LN", false, 3, e2, null).outcome())
                .as("the recorded entry is gone, so this one carries the run").isEqualTo(RunStore.Claim.Outcome.CLAIMED);
        assertThat(redis.hget(keys.run(run.id()), "entry")).isEqualTo(e2.entryId());
    }

    @Test
    void aClaimOrFinishRetriedAfterALostReplyIsRecognisedAsTheSameStep() {
        Fixture f = fixture("retries");
        Keys keys = f.keys();
        RunStore store = f.store();
        RunQueue queue = f.queue();
        Run run = store.create(RunRequest.of("assistant", "hi"), "simulated").run();
        RunStore.Entry e = take(queue, "a");
        assertThat(store.claim(run.id(), "a", "LA", false, 3, e, null).outcome()).isEqualTo(RunStore.Claim.Outcome.CLAIMED);
        // the first reply was lost; the retry must not refuse (and forget) the run's own entry
        RunStore.Claim again = store.claim(run.id(), "a", "LA", false, 3, e, null);
        assertThat(again.outcome()).isEqualTo(RunStore.Claim.Outcome.CLAIMED);
        assertThat(redis.xpending(keys.queue("assistant"), RunQueue.GROUP).getTotal()).isEqualTo(1);
        var ok = RunStore.Outcome.succeeded("done", 1, 1, 1, null, null);
        assertThat(store.finish(run.id(), "LA", e, ok, List.of(), null, null)).isEqualTo(1);
        assertThat(store.finish(run.id(), "LA", e, ok, List.of(), null, null)).as("a retried store").isEqualTo(1);
        assertThat(store.find(run.id()).orElseThrow().timelineJson()).containsOnlyOnce("\"succeeded\"");
    }

    /** A fleet of its own for one test: its store, and its queue with the consumer group made. */
    private record Fixture(Keys keys, RunStore store, RunQueue queue) {}

    private static Fixture fixture(String fleet) {
        Keys keys = new Keys(fleet);
        RunQueue queue = new RunQueue(redis, keys);
        queue.ensureGroup("assistant");
        return new Fixture(keys, new RunStore(redis, keys, java.time.Clock.systemUTC(), Duration.ofHours(1)), queue);
    }

    private static RunStore.Entry take(RunQueue queue, String consumer) {
        try (var conn = new RedisConnections(server.endpoint()).dedicated(Duration.ofSeconds(5))) {
            var got = queue.take(conn, "assistant", consumer, 1, Duration.ofMillis(100));
            assertThat(got).hasSize(1);
            return got.getFirst().entry();
        }
    }
}
