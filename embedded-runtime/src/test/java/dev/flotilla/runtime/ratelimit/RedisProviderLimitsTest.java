package dev.flotilla.runtime.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.store.Keys;
import dev.flotilla.runtime.support.RawRedis;
import dev.flotilla.runtime.support.TestScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.JedisPooled;

class RedisProviderLimitsTest {

    static EmbeddedRedis server;
    static JedisPooled redis;
    static final Keys KEYS = new Keys("providers");
    /** The fleet's keys as the kernel names them for modules. */
    static final UnaryOperator<String> FLEET_KEY = name -> "flotilla:{providers}:" + name;

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

    private RedisProviderLimits limits(String spec) {
        return new RedisProviderLimits(new TokenBuckets(TestScripts.load(server.endpoint(), TokenBuckets.SCRIPT), now::get), FLEET_KEY,
                ProviderLimit.parseAll(spec));
    }

    @Test
    void theSpecGivesRequestAndTokenBudgetsPerModel() {
        Map<String, ProviderLimit> parsed = ProviderLimit.parseAll(
                " simulated/primary=rpm:600,tpm:100000 ; openai/gpt-4o=tpm:30000,tpm-burst:5000;acme/*=rpm:10,rpm-burst:2; ");
        assertThat(parsed).containsOnlyKeys("simulated/primary", "openai/gpt-4o", "acme/*");
        assertThat(parsed.get("simulated/primary")).isEqualTo(new ProviderLimit(new RateLimit(600, 600), new RateLimit(100_000, 100_000)));
        assertThat(parsed.get("openai/gpt-4o")).isEqualTo(new ProviderLimit(null, new RateLimit(30_000, 5_000)));
        assertThat(parsed.get("acme/*")).isEqualTo(new ProviderLimit(new RateLimit(10, 2), null));
        assertThat(ProviderLimit.parseAll("")).isEmpty();
        assertThat(ProviderLimit.parseAll(null)).isEmpty();
        assertThat(ProviderLimit.parseAll("hf/meta-llama/Llama-3-70b=rpm:5")).containsOnlyKeys("hf/meta-llama/Llama-3-70b");
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"simulated", "simulated/primary", "simulated/primary=", "/primary=rpm:1", "simulated/=rpm:1",
            "simulated/primary=rpm:0", "simulated/primary=rpm:-5", "simulated/primary=rpm:ten", "simulated/primary=rpm",
            "simulated/primary=rpm:1,qps:4", "simulated/primary=rpm-burst:4", "simulated/primary=rpm:1,tpm-burst:4",
            "a/b=rpm:1;a/b=tpm:5", "a b/c=rpm:1", "simulated/primary=rpm:1000000001"})
    void aBadSpecIsRefusedNamingTheEntry(String spec) {
        assertThatThrownBy(() -> ProviderLimit.parseAll(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("provider limit '");
    }

    @Test
    void requestsBeyondTheRpmBudgetWaitForTheNextToken() {
        ProviderLimits limits = limits("simulated/primary=rpm:60,rpm-burst:2");
        assertThat(limits.acquire("simulated", "primary", 10)).isEqualTo(ProviderLimits.Decision.ADMITTED);
        assertThat(limits.acquire("simulated", "primary", 10).admitted()).isTrue();
        ProviderLimits.Decision refused = limits.acquire("simulated", "primary", 10);
        assertThat(refused).isEqualTo(new ProviderLimits.Decision(false, Duration.ofSeconds(1), "rpm"));
        now.addAndGet(1_000_000);
        assertThat(limits.acquire("simulated", "primary", 10).admitted()).isTrue();
    }

    @Test
    void aTokenRefusalNamesTpmAndSpendsNoRequest() {
        ProviderLimits limits = limits("simulated/primary=rpm:60,rpm-burst:2,tpm:6000,tpm-burst:1000");
        assertThat(limits.acquire("simulated", "primary", 900).admitted()).isTrue();
        ProviderLimits.Decision refused = limits.acquire("simulated", "primary", 500);
        assertThat(refused.admitted()).isFalse();
        assertThat(refused.limit()).isEqualTo("tpm");
        assertThat(refused.retryIn()).isEqualTo(Duration.ofSeconds(4)); // 400 tokens at 100 a second
        // the refused call took no request: one is left of the burst of two
        assertThat(limits.acquire("simulated", "primary", 0).admitted()).isTrue();
        assertThat(limits.acquire("simulated", "primary", 0).limit()).isEqualTo("rpm");
    }

    @Test
    void eachModelHasItsOwnBudgetAndAWildcardCoversTheRest() {
        RedisProviderLimits limits = limits("acme/big=rpm:1;acme/*=rpm:1,rpm-burst:2");
        assertThat(limits.limitFor("acme", "big")).contains(new ProviderLimit(new RateLimit(1, 1), null));
        assertThat(limits.limitFor("acme", "small")).contains(new ProviderLimit(new RateLimit(1, 2), null));
        assertThat(limits.acquire("acme", "big", 1).admitted()).isTrue();
        assertThat(limits.acquire("acme", "big", 1).admitted()).isFalse();
        assertThat(limits.acquire("acme", "small", 1).admitted()).isTrue();
        assertThat(limits.acquire("acme", "tiny", 1).admitted()).isTrue(); // its own budget under the wildcard
        assertThat(limits.acquire("acme", "small", 1).admitted()).isTrue();
        assertThat(limits.acquire("acme", "small", 1).admitted()).isFalse();
    }

    @Test
    void aModelWithoutLimitsIsAdmittedWithoutAskingRedis() {
        TokenBuckets unreachable = new TokenBuckets((keys, args) -> { throw new AssertionError("asked Redis"); }, null);
        var limits = new RedisProviderLimits(unreachable, FLEET_KEY, ProviderLimit.parseAll("acme/big=rpm:1;other/*=tpm:5"));
        assertThat(limits.acquire("simulated", "primary", 1_000)).isEqualTo(ProviderLimits.Decision.ADMITTED);
        assertThat(limits.acquire("other", "m", 0)).isEqualTo(ProviderLimits.Decision.ADMITTED); // no tokens to count
    }

    @Test
    void theBucketsKeepTheirKeysSoBudgetsSurviveAnUpgrade() {
        assertThat(limits("a/b=rpm:1").bucketKey("a", "b", "rpm")).isEqualTo(KEYS.providerBucket("a", "b", "rpm"));
    }

    @Test
    void nodesSharingRedisShareTheBudget() throws Exception {
        // two clients stand for two nodes; the server's clock, a budget that cannot refill during the test
        JedisPooled other = RawRedis.client(server.endpoint());
        try (other) {
            Map<String, ProviderLimit> spec = ProviderLimit.parseAll("simulated/primary=rpm:1,rpm-burst:30");
            List<ProviderLimits> nodes = List.of(
                    new RedisProviderLimits(new TokenBuckets(TestScripts.load(server.endpoint(), TokenBuckets.SCRIPT), null), FLEET_KEY, spec),
                    new RedisProviderLimits(new TokenBuckets(TestScripts.load(server.endpoint(), TokenBuckets.SCRIPT), null), FLEET_KEY, spec));
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ProviderLimits node = nodes.get(i % 2);
                calls.add(() -> node.acquire("simulated", "primary", 50).admitted());
            }
            int admitted = 0;
            try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                for (Future<Boolean> f : pool.invokeAll(calls)) if (f.get()) admitted++;
            }
            assertThat(admitted).isEqualTo(30);
        }
    }

    @Test
    void aNegativeEstimateIsABug() {
        assertThatThrownBy(() -> limits("a/b=rpm:1").acquire("a", "b", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
