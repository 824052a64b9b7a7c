package dev.flotilla.runtime.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.kernel.FleetScript;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.support.RawRedis;
import dev.flotilla.runtime.support.TestScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The bucket script against a real Redis: its clock where time barely matters, a given one where it does. */
class TokenBucketsTest {

    static EmbeddedRedis server;
    static JedisPooled redis;

    /** Microseconds; tests move it by hand. */
    final AtomicLong now = new AtomicLong(1_700_000_000_000_000L);

    @BeforeAll
    static void start() {
        server = EmbeddedRedis.ephemeral();
        redis = RawRedis.client(server.endpoint());
    }

    @AfterAll
    static void stop() {
        redis.close();
        server.close();
    }

    @BeforeEach
    void empty() {
        redis.flushAll();
    }

    private static FleetScript script() {
        return TestScripts.load(server.endpoint(), TokenBuckets.SCRIPT);
    }

    private static TokenBuckets.Bucket bucket(String key, long perMinute, long burst) {
        return new TokenBuckets.Bucket(key, new RateLimit(perMinute, burst), 1);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos() / 1_000);
    }

    @Test
    void aFullBucketAdmitsItsBurstThenRefusesUntilTheNextToken() {
        TokenBuckets buckets = new TokenBuckets(script(), null); // the server's clock: one token a minute barely moves
        List<TokenBuckets.Bucket> one = List.of(bucket("b", 1, 3));
        for (long left = 2; left >= 0; left--) {
            TokenBuckets.Outcome o = buckets.take(one);
            assertThat(o.admitted()).isTrue();
            assertThat(o.levels().getFirst().remaining()).isEqualTo(left);
        }
        TokenBuckets.Outcome refused = buckets.take(one);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.refused()).isZero();
        assertThat(refused.retryIn()).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60));
        assertThat(refused.levels().getFirst().remaining()).isZero();
        assertThat(refused.levels().getFirst().nextToken()).isEqualTo(refused.retryIn());
    }

    @Test
    void tokensComeBackAtTheRateAndNeverBeyondTheBurst() {
        TokenBuckets buckets = new TokenBuckets(script(), now::get);
        List<TokenBuckets.Bucket> one = List.of(bucket("b", 60, 2)); // a token a second
        assertThat(buckets.take(one).admitted()).isTrue();
        assertThat(buckets.take(one).admitted()).isTrue();
        assertThat(buckets.take(one).retryIn()).isEqualTo(Duration.ofSeconds(1));

        advance(Duration.ofMillis(400));
        TokenBuckets.Outcome early = buckets.take(one);
        assertThat(early.admitted()).isFalse();
        assertThat(early.retryIn()).isEqualTo(Duration.ofMillis(600));

        advance(Duration.ofMillis(600));
        assertThat(buckets.take(one).admitted()).isTrue();
        assertThat(buckets.take(one).admitted()).isFalse();

        advance(Duration.ofMinutes(10)); // refills to the burst, not to ten minutes' worth
        TokenBuckets.Outcome first = buckets.take(one);
        assertThat(first.levels().getFirst().remaining()).isEqualTo(1);
        assertThat(buckets.take(one).admitted()).isTrue();
        assertThat(buckets.take(one).admitted()).isFalse();
    }

    @Test
    void theServersClockRefillsTheBucket() throws Exception {
        TokenBuckets buckets = new TokenBuckets(script(), null);
        // a token a second: slow enough that a loaded machine cannot refill it between two takes
        List<TokenBuckets.Bucket> one = List.of(bucket("fast", 60, 1));
        assertThat(buckets.take(one).admitted()).isTrue();
        TokenBuckets.Outcome refused = buckets.take(one);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.retryIn()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
        Thread.sleep(refused.retryIn().toMillis() + 1); // the wait the script asked for, no guess
        assertThat(buckets.take(one).admitted()).isTrue();
    }

    @Test
    void aRefusalByOneBucketSpendsNothingFromTheOthers() {
        TokenBuckets buckets = new TokenBuckets(script(), now::get);
        TokenBuckets.Bucket key = bucket("key", 1, 5);
        TokenBuckets.Bucket agent = bucket("agent", 1, 1);
        TokenBuckets.Outcome both = buckets.take(List.of(key, agent));
        assertThat(both.admitted()).isTrue();
        assertThat(both.levels()).extracting(TokenBuckets.Level::remaining).containsExactly(4L, 0L);

        for (int i = 0; i < 3; i++) {
            TokenBuckets.Outcome refused = buckets.take(List.of(key, agent));
            assertThat(refused.admitted()).isFalse();
            assertThat(refused.refused()).isEqualTo(1); // the agent's bucket
            assertThat(refused.levels()).extracting(TokenBuckets.Level::remaining).containsExactly(4L, 0L);
        }
        // the key still holds the four tokens the agent's refusals did not spend
        for (int i = 0; i < 4; i++) assertThat(buckets.take(List.of(key)).admitted()).isTrue();
        assertThat(buckets.take(List.of(key)).admitted()).isFalse();
    }

    @Test
    void whenSeveralBucketsRefuseTheAnswerNamesTheLongestWait() {
        TokenBuckets buckets = new TokenBuckets(script(), now::get);
        TokenBuckets.Bucket slow = bucket("slow", 1, 1);   // a token a minute
        TokenBuckets.Bucket quick = bucket("quick", 60, 1); // a token a second
        assertThat(buckets.take(List.of(quick, slow)).admitted()).isTrue();
        TokenBuckets.Outcome refused = buckets.take(List.of(quick, slow));
        assertThat(refused.refused()).isEqualTo(1);
        assertThat(refused.retryIn()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aCostAboveTheBurstWaitsForAFullBucketInsteadOfForever() {
        TokenBuckets buckets = new TokenBuckets(script(), now::get);
        RateLimit tpm = new RateLimit(600, 600);
        assertThat(buckets.take(List.of(new TokenBuckets.Bucket("tpm", tpm, 100))).admitted()).isTrue();
        TokenBuckets.Outcome huge = buckets.take(List.of(new TokenBuckets.Bucket("tpm", tpm, 5_000)));
        assertThat(huge.admitted()).isFalse();
        assertThat(huge.retryIn()).isEqualTo(Duration.ofSeconds(10)); // 100 tokens at 10 a second
        advance(Duration.ofSeconds(10));
        assertThat(buckets.take(List.of(new TokenBuckets.Bucket("tpm", tpm, 5_000))).admitted()).isTrue();
    }

    @Test
    void bucketsExistOnlyWhileBelowFullAndRefusalsWriteNothing() {
        TokenBuckets buckets = new TokenBuckets(script(), null);
        buckets.take(List.of(bucket("spent", 60, 10))); // one token: back in about a second
        long ttl = redis.pttl("spent");
        assertThat(ttl).isPositive().isLessThanOrEqualTo(2_000);

        TokenBuckets.Bucket tiny = bucket("tiny", 1, 1);
        buckets.take(List.of(tiny));
        String before = redis.hget("tiny", "tokens");
        buckets.take(List.of(tiny));
        assertThat(redis.hget("tiny", "tokens")).isEqualTo(before);
        assertThat(redis.exists("never-asked")).isFalse();
    }

    @Test
    void aFlushedScriptCacheIsRefilledOnTheNextCall() {
        TokenBuckets buckets = new TokenBuckets(script(), null);
        assertThat(buckets.take(List.of(bucket("b", 60, 5))).admitted()).isTrue();
        redis.scriptFlush();
        TokenBuckets.Outcome again = buckets.take(List.of(bucket("b", 60, 5)));
        assertThat(again.admitted()).isTrue();
        assertThat(again.levels().getFirst().remaining()).isEqualTo(3);
    }

    @Test
    void manyConcurrentCallersNeverTakeMoreThanTheBurst() throws Exception {
        TokenBuckets buckets = new TokenBuckets(script(), null);
        List<TokenBuckets.Bucket> one = List.of(bucket("shared", 1, 50));
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) calls.add(() -> buckets.take(one).admitted());
        int admitted = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            for (Future<Boolean> f : pool.invokeAll(calls)) if (f.get()) admitted++;
        }
        assertThat(admitted).isEqualTo(50);
    }
}
