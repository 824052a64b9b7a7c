package dev.flotilla.runtime.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.store.Keys;
import dev.flotilla.runtime.store.SessionStore;
import dev.flotilla.runtime.store.Store;
import dev.flotilla.runtime.support.RawRedis;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.MutableClock;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

class ConversationMemoryTest {

    static EmbeddedRedis redisServer;
    static JedisPooled redis;
    static Store store;

    @BeforeAll
    static void start() {
        redisServer = EmbeddedRedis.ephemeral();
        redis = RawRedis.client(redisServer.endpoint());
        store = Store.connect(redisServer.endpoint());
    }

    @AfterAll
    static void stop() {
        redis.close();
        store.close();
        redisServer.close();
    }

    @Test
    void aSessionExpiresAfterItsTtlSinceLastUse() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Keys keys = new Keys("memtest");
        ConversationMemory memory = new ConversationMemory(new SessionStore(store, keys), clock, Duration.ofMinutes(30), 10);
        memory.append("s1", "my name is Ada", "hello Ada");
        clock.advance(Duration.ofMinutes(29));
        assertThat(memory.turns("s1")).extracting(ConversationMemory.Turn::user).containsExactly("my name is Ada");
        memory.append("s1", "and I like tea", "noted");
        clock.advance(Duration.ofMinutes(29)); // 58 minutes since the first turn, 29 since the last
        assertThat(memory.turns("s1")).hasSize(2);
        clock.advance(Duration.ofMinutes(1));
        assertThat(memory.turns("s1")).isEmpty();
        assertThat(redis.exists(keys.session("s1"))).isFalse();
    }

    @Test
    void redisExpiresTheSessionKeyToo() {
        Keys keys = new Keys("memttl");
        ConversationMemory memory = new ConversationMemory(new SessionStore(store, keys), java.time.Clock.systemUTC(), Duration.ofMinutes(10), 10);
        memory.append("s2", "hi", "hello");
        long pttl = redis.pttl(keys.session("s2"));
        assertThat(pttl).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10).toMillis());
    }

    @Test
    void keepsOnlyTheNewestTurns() {
        Keys keys = new Keys("memcap");
        ConversationMemory memory = new ConversationMemory(new SessionStore(store, keys), java.time.Clock.systemUTC(), Duration.ofMinutes(10), 3);
        for (int i = 1; i <= 5; i++) memory.append("s3", "q" + i, "a" + i);
        assertThat(memory.turns("s3")).extracting(ConversationMemory.Turn::user).containsExactly("q3", "q4", "q5");
    }

    @Test
    void aSecondRunInASessionSeesTheFirst() {
        try (FleetRuntime node = TestNodes.node().nodeId("mem").build().start()) {
            Http http = TestNodes.http(node);
            String first = http.submit("assistant", "My name is Ada Lovelace", "chat-1");
            http.awaitTerminal(first, Duration.ofSeconds(20));
            String second = http.submit("assistant", "What is my name?", "chat-1");
            JsonNode run = http.awaitTerminal(second, Duration.ofSeconds(20));
            assertThat(run.path("status").asText()).isEqualTo("succeeded");
            assertThat(run.path("output").asText()).contains("My name is Ada Lovelace");
            String other = http.submit("assistant", "What is my name?", "chat-2");
            assertThat(http.awaitTerminal(other, Duration.ofSeconds(20)).path("output").asText()).doesNotContain("Ada");
        }
    }
}
