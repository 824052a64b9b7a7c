package dev.flotilla.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.queue.DeadLetter;
import dev.flotilla.runtime.queue.Delivery;
import dev.flotilla.runtime.run.Run;
import dev.flotilla.runtime.run.RunError;
import dev.flotilla.runtime.run.RunOutcome;
import dev.flotilla.runtime.run.RunRequest;
import dev.flotilla.runtime.run.RunStatus;
import dev.flotilla.runtime.run.Usage;
import dev.flotilla.runtime.support.MutableClock;
import dev.flotilla.runtime.support.RawRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;

/** The run scripts against a real Redis: transitions, leases, dead letters, retries after lost replies. */
class RunRecordsTest {

    static EmbeddedRedis server;
    static JedisPooled redis;
    static Store store;

    @BeforeAll
    static void start() {
        server = EmbeddedRedis.ephemeral();
        redis = RawRedis.client(server.endpoint());
        store = Store.connect(server.endpoint());
    }

    @AfterAll
    static void stop() {
        redis.close();
        store.close();
        server.close();
    }

    static final RunOutcome OK = RunOutcome.succeeded("done", 1, null);
    static final Usage TWO = new Usage(1, 1);

    @Test
    void runsAreKeptForTheRetentionTimeAndThenLeaveTheIndexes() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
        Keys keys = new Keys("retention");
        RunRecords runs = new RunRecords(store, keys, clock, Duration.ofHours(2), RunRecords.DEFAULT_MAX_QUEUE_DEPTH);
        Run old = runs.create(new RunRequest("assistant", "old", null, "idem-1", Map.of()), "simulated").run();
        long ttl = redis.ttl(keys.run(old.id()));
        assertThat(ttl).isBetween(Duration.ofHours(2).toSeconds() - 5, Duration.ofHours(2).toSeconds());
        assertThat(redis.ttl(keys.idempotency("idem-1"))).isPositive();

        clock.advance(Duration.ofHours(3));
        Run fresh = runs.create(RunRequest.of("assistant", "fresh"), "simulated").run();
        runs.cancel(fresh.id());
        runs.cancel(old.id()); // expired in Redis terms only after its TTL; here it is still there to cancel
        assertThat(runs.trimIndexes()).as("the old run's entries in the main and the cancelled index").isEqualTo(2);
        assertThat(redis.zrange(keys.runIndex(), 0, -1)).containsExactly(fresh.id()); // the old one aged out
        assertThat(redis.zrange(keys.runsWithStatus("cancelled"), 0, -1)).as("of its status index too").containsExactly(fresh.id());
    }

    @Test
    void statusMovesOnlyAlongAllowedTransitions() {
        Fixture f = fixture("transitions");
        RunRecords runs = f.runs();
        Run run = runs.create(RunRequest.of("assistant", "hi"), "simulated").run();
        Delivery entry = take(f.queue(), "n1");
        var ok = RunOutcome.succeeded("out", 2, null);
        var usage = new Usage(3, 4);
        assertThat(runs.finish(run.id(), "L1", entry, ok, usage, "simulated/primary", List.of(), null, null))
                .as("not claimed yet").isEqualTo(RunRecords.Finish.LOST);
        RunRecords.Claim claimed = runs.claim(run.id(), "n1", "L1", entry, 3, null);
        assertThat(claimed.outcome()).isEqualTo(RunRecords.Claim.Outcome.CLAIMED);
        assertThat(claimed.run().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(claimed.run().node()).isEqualTo("n1");
        assertThat(claimed.run().request().input()).isEqualTo("hi");
        assertThat(claimed.run().deliveries()).isEqualTo(1);
        // a second, ordinary delivery cannot take a running run
        assertThat(runs.claim(run.id(), "n2", "L2", entry, 3, null).outcome()).isEqualTo(RunRecords.Claim.Outcome.REFUSED);
        assertThat(runs.finish(run.id(), "L1", entry, ok, usage, "simulated/primary", List.of(), null, null)).isEqualTo(RunRecords.Finish.STORED);
        assertThat(runs.cancel(run.id())).isFalse();                      // finished runs stay finished
        Run done = runs.find(run.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.node()).isEqualTo("n1");
        assertThat(done.usage().totalTokens()).isEqualTo(7);
        assertThat(done.outcome().attempts()).isEqualTo(2);
        assertThat(done.model()).isEqualTo("simulated/primary");
        assertThat(done.timelineJson()).contains("\"queued\"", "\"started\"", "\"succeeded\"");
        assertThat(redis.xlen(f.keys().queue("assistant"))).as("the entry is forgotten with the outcome").isZero();
    }

    @Test
    void aNodeWhoseLeaseWasTakenOverWritesNothing() {
        Fixture f = fixture("fencing");
        RunRecords runs = f.runs();
        QueueStore queue = f.queue();
        Run run = runs.create(RunRequest.of("assistant", "hi"), "simulated").run();
        Delivery entry = take(queue, "slow");
        assertThat(runs.claim(run.id(), "slow", "L-slow", entry, 3, null).outcome()).isEqualTo(RunRecords.Claim.Outcome.CLAIMED);

        // the slow node stalls past its lease; another node reclaims the entry and takes the run over
        var reclaimed = queue.reclaim("assistant", "rescuer", Duration.ZERO, 10, QueueStore.SCAN_START);
        assertThat(reclaimed.deliveries()).hasSize(1);
        Delivery taken = reclaimed.deliveries().getFirst();
        RunRecords.Claim c = runs.claim(run.id(), "rescuer", "L-rescuer", taken, 3, null);
        assertThat(c.outcome()).isEqualTo(RunRecords.Claim.Outcome.CLAIMED);
        assertThat(c.previousNode()).isEqualTo("slow");

        // the slow node wakes up: its renewal says the lease is gone, and its writes are refused
        assertThat(queue.renew("assistant", "slow", List.of(entry.entryId()))).containsExactly(entry.entryId());
        assertThat(queue.renew("assistant", "rescuer", List.of(entry.entryId()))).isEmpty();
        var late = RunOutcome.succeeded("from the slow node", 1, null);
        assertThat(runs.finish(run.id(), "L-slow", entry, late, TWO, null, List.of(), null, null)).isEqualTo(RunRecords.Finish.LOST);
        assertThat(runs.release(run.id(), "L-slow", entry, "slow", null, 3, List.of(), null).outcome()).isEqualTo(RunRecords.Release.LOST);
        assertThat(redis.xpending(f.keys().queue("assistant"), QueueStore.GROUP).getTotal()).as("the rescuer's entry is untouched").isEqualTo(1);

        var good = RunOutcome.succeeded("from the rescuer", 1, null);
        assertThat(runs.finish(run.id(), "L-rescuer", taken, good, TWO, null, List.of(), null, null)).isEqualTo(RunRecords.Finish.STORED);
        Run done = runs.find(run.id()).orElseThrow();
        assertThat(done.outcome().output()).isEqualTo("from the rescuer");
        assertThat(done.node()).isEqualTo("rescuer");
        assertThat(done.deliveries()).isEqualTo(2);
        assertThat(done.failures()).isEqualTo(1);
        assertThat(done.errorsJson()).contains("lease_expired", "slow");
    }

    @Test
    void aRunThatFailsEveryDeliveryBecomesADeadLetterAndCanBeReplayed() {
        Fixture f = fixture("poison");
        RunRecords runs = f.runs();
        DeadLetterStore letters = new DeadLetterStore(store, f.keys(), runs);
        Run run = runs.create(RunRequest.of("assistant", "poison"), "simulated").run();
        for (int delivery = 1; delivery <= 3; delivery++) {
            Delivery entry = take(f.queue(), "n1");
            String lease = "L" + delivery;
            assertThat(runs.claim(run.id(), "n1", lease, entry, 3, null).outcome()).isEqualTo(RunRecords.Claim.Outcome.CLAIMED);
            RunRecords.Released r = runs.release(run.id(), lease, entry, "n1", new RunError("internal_error", "boom " + delivery), 3, List.of(), null);
            assertThat(r.outcome()).isEqualTo(delivery < 3 ? RunRecords.Release.REQUEUED : RunRecords.Release.DEAD_LETTERED);
            if (delivery == 3) assertThat(r.failures()).isEqualTo(3);
        }
        Run dead = runs.find(run.id()).orElseThrow();
        assertThat(dead.status()).isEqualTo(RunStatus.FAILED);
        assertThat(dead.outcome().error().code()).isEqualTo("dead_lettered");
        assertThat(dead.errorsJson()).contains("boom 1", "boom 2", "boom 3");
        assertThat(redis.xlen(f.keys().queue("assistant"))).isZero();
        assertThat(letters.list(10)).extracting(DeadLetter::runId).containsExactly(run.id());
        assertThat(letters.find(run.id()).orElseThrow().failures()).isEqualTo(3);
        assertThat(redis.zrange(f.keys().runsWithStatus("failed"), 0, -1)).containsExactly(run.id());

        assertThat(letters.replay(run.id(), "test", null)).isEqualTo(DeadLetter.Replay.REPLAYED);
        assertThat(letters.list(10)).isEmpty();
        assertThat(letters.replay(run.id(), "test", null)).isEqualTo(DeadLetter.Replay.NOT_FOUND);
        Run again = runs.find(run.id()).orElseThrow();
        assertThat(again.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(again.failures()).isZero();
        assertThat(again.timelineJson()).contains("dead_lettered", "replayed");
        assertThat(redis.zrange(f.keys().runsWithStatus("failed"), 0, -1)).isEmpty();
        assertThat(f.runs().recent(RunStatus.QUEUED, 10).runs()).extracting(l -> l.run().id()).containsExactly(run.id());
        Delivery entry = take(f.queue(), "n1");
        assertThat(runs.claim(run.id(), "n1", "L4", entry, 3, null).outcome()).isEqualTo(RunRecords.Claim.Outcome.CLAIMED);
    }

    @Test
    void aHandBackRacingATakeOverLeavesTheRunWithTheNewEntryNotStrandedRunning() {
        Fixture f = fixture("race");
        RunRecords runs = f.runs();
        QueueStore queue = f.queue();
        Run run = runs.create(RunRequest.of("assistant", "hi"), "simulated").run();
        Delivery e1 = take(queue, "a");
        assertThat(runs.claim(run.id(), "a", "LA", e1, 3, null).outcome()).isEqualTo(RunRecords.Claim.Outcome.CLAIMED);
        // a stalls; b takes the entry over, but before b claims the run, a wakes and hands it back
        var takenOver = queue.reclaim("assistant", "b", Duration.ZERO, 10, QueueStore.SCAN_START).deliveries();
        assertThat(takenOver).hasSize(1);
        assertThat(runs.release(run.id(), "LA", e1, "a", null, 3, List.of(), null).outcome()).isEqualTo(RunRecords.Release.REQUEUED);
        // b's claim of the old entry is refused: the run lives on in the entry the hand-back made
        assertThat(runs.claim(run.id(), "b", "LB", takenOver.getFirst(), 3, null).outcome()).isEqualTo(RunRecords.Claim.Outcome.REFUSED);
        Delivery e2 = take(queue, "c");
        assertThat(e2.entryId()).isNotEqualTo(e1.entryId());
        assertThat(runs.claim(run.id(), "c", "LC", e2, 3, null).outcome()).isEqualTo(RunRecords.Claim.Outcome.CLAIMED);
        assertThat(runs.finish(run.id(), "LC", e2, OK, TWO, null, List.of(), null, null)).isEqualTo(RunRecords.Finish.STORED);
        Run done = runs.find(run.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.node()).isEqualTo("c");
        assertThat(redis.xlen(f.keys().queue("assistant"))).isZero();
    }

    @Test
    void aDeliveryIsTakenWhenTheEntryTheRunRecordsIsGone() {
        // a node of the previous version hands a run back without recording the new entry on the run
        Fixture f = fixture("mixed");
        Keys keys = f.keys();
        Run run = f.runs().create(RunRequest.of("assistant", "hi"), "simulated").run();
        Delivery e1 = take(f.queue(), "old");
        redis.hset(keys.run(run.id()), "status", "queued");
        redis.xadd(keys.queue("assistant"), XAddParams.xAddParams(), Map.of("run_id", run.id(), "requeued", "1"));
        redis.xack(keys.queue("assistant"), QueueStore.GROUP, new StreamEntryID(e1.entryId()));
        redis.xdel(keys.queue("assistant"), new StreamEntryID(e1.entryId()));
        assertThat(redis.hget(keys.run(run.id()), "entry")).isEqualTo(e1.entryId());

        Delivery e2 = take(f.queue(), "new");
        assertThat(f.runs().claim(run.id(), "new", "LN", e2, 3, null).outcome())
                .as("the recorded entry is gone, so this one carries the run").isEqualTo(RunRecords.Claim.Outcome.CLAIMED);
        assertThat(redis.hget(keys.run(run.id()), "entry")).isEqualTo(e2.entryId());
    }

    @Test
    void aClaimOrFinishRetriedAfterALostReplyIsRecognisedAsTheSameStep() {
        Fixture f = fixture("retries");
        RunRecords runs = f.runs();
        Run run = runs.create(RunRequest.of("assistant", "hi"), "simulated").run();
        Delivery e = take(f.queue(), "a");
        assertThat(runs.claim(run.id(), "a", "LA", e, 3, null).outcome()).isEqualTo(RunRecords.Claim.Outcome.CLAIMED);
        // the first reply was lost; the retry must not refuse (and forget) the run's own entry
        RunRecords.Claim again = runs.claim(run.id(), "a", "LA", e, 3, null);
        assertThat(again.outcome()).isEqualTo(RunRecords.Claim.Outcome.CLAIMED);
        assertThat(redis.xpending(f.keys().queue("assistant"), QueueStore.GROUP).getTotal()).isEqualTo(1);
        assertThat(runs.finish(run.id(), "LA", e, OK, TWO, null, List.of(), null, null)).isEqualTo(RunRecords.Finish.STORED);
        assertThat(runs.finish(run.id(), "LA", e, OK, TWO, null, List.of(), null, null)).as("a retried store").isEqualTo(RunRecords.Finish.STORED);
        assertThat(runs.find(run.id()).orElseThrow().timelineJson()).containsOnlyOnce("\"succeeded\"");
    }

    @Test
    void aStatusFilterFindsExactlyTheRunsInThatStatus() {
        Fixture f = fixture("indexes");
        MutableClock clock = new MutableClock(Instant.now());
        RunRecords runs = new RunRecords(store, f.keys(), clock, Duration.ofHours(1), RunRecords.DEFAULT_MAX_QUEUE_DEPTH);
        Run ok = runs.create(RunRequest.of("assistant", "to succeed"), "simulated").run();
        clock.advance(Duration.ofMillis(1));
        Run bad = runs.create(RunRequest.of("assistant", "to fail"), "simulated").run();
        clock.advance(Duration.ofMillis(1));
        Run gone = runs.create(RunRequest.of("assistant", "to cancel"), "simulated").run();
        clock.advance(Duration.ofMillis(1));
        Run waiting = runs.create(RunRequest.of("assistant", "to wait"), "simulated").run();
        Delivery d1 = take(f.queue(), "n");
        Delivery d2 = take(f.queue(), "n");
        runs.claim(ok.id(), "n", "L1", d1, 3, null);
        runs.claim(bad.id(), "n", "L2", d2, 3, null);
        assertThat(runs.recent(RunStatus.RUNNING, 10).runs()).extracting(l -> l.run().id()).containsExactly(bad.id(), ok.id());
        runs.finish(ok.id(), "L1", d1, OK, TWO, null, List.of(), null, null);
        runs.finish(bad.id(), "L2", d2, RunOutcome.failed("model_error", "no", 1), null, null, List.of(), null, null);
        runs.cancel(gone.id());

        assertThat(runs.recent(RunStatus.SUCCEEDED, 10).runs()).extracting(l -> l.run().id()).containsExactly(ok.id());
        assertThat(runs.recent(RunStatus.FAILED, 10).runs()).extracting(l -> l.run().id()).containsExactly(bad.id());
        assertThat(runs.recent(RunStatus.CANCELLED, 10).runs()).extracting(l -> l.run().id()).containsExactly(gone.id());
        assertThat(runs.recent(RunStatus.QUEUED, 10).runs()).extracting(l -> l.run().id()).containsExactly(waiting.id());
        assertThat(runs.recent(RunStatus.RUNNING, 10).runs()).isEmpty();
        assertThat(runs.recent(null, 10).runs()).extracting(l -> l.run().id())
                .containsExactly(waiting.id(), gone.id(), bad.id(), ok.id());
        assertThat(redis.zrange(f.keys().runsWithStatus("failed"), 0, -1)).as("the rare end states are indexed").containsExactly(bad.id());
        assertThat(redis.zrange(f.keys().runsWithStatus("cancelled"), 0, -1)).containsExactly(gone.id());
        assertThat(redis.exists(f.keys().runsWithStatus("succeeded"))).as("the common ones are walked, not indexed").isFalse();
    }

    @Test
    void aStatusWalkThatReadsItsMostRunsSaysTheListIsCutShort() {
        Fixture f = fixture("walk");
        MutableClock clock = new MutableClock(Instant.now());
        RunRecords runs = new RunRecords(store, f.keys(), clock, Duration.ofHours(1), RunRecords.DEFAULT_MAX_QUEUE_DEPTH);
        Run first = runs.create(RunRequest.of("assistant", "oldest, running"), "simulated").run();
        runs.claim(first.id(), "n", "L1", take(f.queue(), "n"), 3, null);
        for (int i = 0; i < RunRecords.STATUS_WALK; i++) {
            clock.advance(Duration.ofMillis(1));
            runs.create(RunRequest.of("assistant", "waiting " + i), "simulated");
        }
        var running = runs.recent(RunStatus.RUNNING, 10);
        assertThat(running.runs()).as("behind more queued runs than a walk reads").isEmpty();
        assertThat(running.cutShort()).isTrue();
        var queued = runs.recent(RunStatus.QUEUED, 10);
        assertThat(queued.runs()).hasSize(10);
        assertThat(queued.cutShort()).isFalse();
    }

    @Test
    void runsStoredBeforeTheStatusIndexesAreIndexedOnceAtStart() {
        Fixture f = fixture("upgrade");
        Run older = f.runs().create(RunRequest.of("assistant", "from the previous version"), "simulated").run();
        f.runs().cancel(older.id());
        redis.zrem(f.keys().runsWithStatus("cancelled"), older.id()); // as the previous version left it: no status index
        assertThat(f.runs().recent(RunStatus.CANCELLED, 10).runs()).isEmpty();

        f.runs().indexOlderRuns();
        assertThat(f.runs().recent(RunStatus.CANCELLED, 10).runs()).extracting(l -> l.run().id()).containsExactly(older.id());
        assertThat(redis.exists(f.keys().statusIndexesBuilt())).isTrue();
        redis.zrem(f.keys().runsWithStatus("cancelled"), older.id());
        f.runs().indexOlderRuns();
        assertThat(f.runs().recent(RunStatus.CANCELLED, 10).runs()).as("done once per fleet").isEmpty();
    }

    @Test
    void aModulesScriptRunsFromItsResourceAndItsErrorsAreTheStores() {
        StoreScript script = store.script("token_buckets", "dev/flotilla/runtime/ratelimit/token_buckets.lua");
        @SuppressWarnings("unchecked")
        List<Long> reply = (List<Long>) script.run(List.of("bucket-of-a-module"), List.of("", "10", "60", "1"));
        assertThat(reply.getFirst()).as("admitted").isEqualTo(1L);
        redis.set("not-a-hash", "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> script.run(List.of("not-a-hash"), List.of("", "10", "60", "1")))
                .isInstanceOf(StoreException.class).isNotInstanceOf(StoreUnavailableException.class);
    }

    /** A fleet of its own for one test: its runs, and its queue with the consumer group made. */
    private record Fixture(Keys keys, RunRecords runs, QueueStore queue) {}

    private static Fixture fixture(String fleet) {
        Keys keys = new Keys(fleet);
        QueueStore queue = new QueueStore(store, keys);
        queue.ensureGroup("assistant");
        return new Fixture(keys, new RunRecords(store, keys, Clock.systemUTC(), Duration.ofHours(1), RunRecords.DEFAULT_MAX_QUEUE_DEPTH), queue);
    }

    private static Delivery take(QueueStore queue, String consumer) {
        try (var reader = queue.openReader(Duration.ofSeconds(1))) {
            var got = queue.take(reader, "assistant", consumer, 1, Duration.ofMillis(100));
            assertThat(got).hasSize(1);
            return got.getFirst();
        }
    }
}
