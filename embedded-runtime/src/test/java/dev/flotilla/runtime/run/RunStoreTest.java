package dev.flotilla.runtime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.redis.EmbeddedRedis;
import dev.flotilla.runtime.redis.Keys;
import dev.flotilla.runtime.redis.RedisConnections;
import dev.flotilla.runtime.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

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
        RunStore store = new RunStore(redis, new Keys("transitions"), java.time.Clock.systemUTC(), Duration.ofHours(1));
        Run run = store.create(RunRequest.of("assistant", "hi"), "simulated").run();
        assertThat(store.succeed(run.id(), "x", 1, 1, 1)).isFalse();       // not running yet
        Run claimed = store.claim(run.id(), "n1", false).orElseThrow();
        assertThat(claimed.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(claimed.node()).isEqualTo("n1");
        assertThat(claimed.input()).isEqualTo("hi");
        assertThat(store.start(run.id(), "n2", false)).isFalse();          // a second node cannot take it
        assertThat(store.succeed(run.id(), "out", 3, 4, 2)).isTrue();
        assertThat(store.cancel(run.id())).isFalse();                      // finished runs stay finished
        Run done = store.find(run.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(done.node()).isEqualTo("n1");
        assertThat(done.totalTokens()).isEqualTo(7);
        assertThat(done.attempts()).isEqualTo(2);
    }
}
