package dev.flotilla.runtime.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flotilla.runtime.kernel.AdmissionInterceptor;
import dev.flotilla.runtime.kernel.Admitted;
import dev.flotilla.runtime.kernel.Kernel;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.kernel.RunRefusedException;
import dev.flotilla.runtime.kernel.Settings;
import dev.flotilla.runtime.kernel.Submission;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.store.Keys;
import dev.flotilla.runtime.support.RawRedis;
import dev.flotilla.runtime.support.TestScripts;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The rate limits as a module: what it registers for which configuration, and its admission interceptor on a real Redis. */
class RateLimitModuleTest {

    static final AdmissionInterceptor STORE = chain -> Admitted.of("run_1", "queued", true);

    static Submission from(String keyId) {
        return new Submission(Principal.admin(keyId), "assistant", "hi", null, Map.of());
    }

    @Test
    void theConfigurationIsReadFromTheNodesSettingsByTheirNames() {
        RateLimitConfig c = RateLimitConfig.from(Settings.of(Map.of("FLOTILLA_KEY_RATE_PER_MIN", "60", "FLOTILLA_KEY_BURST", "10",
                "FLOTILLA_PROVIDER_LIMITS", "simulated/primary=rpm:600")));
        assertThat(c.perKey()).isEqualTo(new RateLimit(60, 10));
        assertThat(c.perAgent()).isNull();
        assertThat(c.providers()).containsOnlyKeys("simulated/primary");
        assertThat(RateLimitConfig.from(Settings.none())).isEqualTo(RateLimitConfig.none());
        assertThatThrownBy(() -> RateLimitConfig.from(Settings.of(Map.of("FLOTILLA_AGENT_RATE_PER_MIN", "lots"))))
                .hasMessageContaining("FLOTILLA_AGENT_RATE_PER_MIN");
        assertThatThrownBy(() -> RateLimitConfig.from(Settings.of(Map.of("FLOTILLA_KEY_BURST", "5"))))
                .hasMessageContaining("FLOTILLA_KEY_BURST is 5 but FLOTILLA_KEY_RATE_PER_MIN is 0");
    }

    @Test
    void withoutLimitsTheModuleAddsNothingToTheHotPath() {
        Kernel kernel = Kernel.builder().module(RateLimitModule.of(RateLimitConfig.none())).build();
        assertThat(kernel.admission().interceptors()).isEmpty();
        assertThat(kernel.modelCalls().interceptors()).isEmpty();
        assertThat(kernel.scripts()).isEmpty();
    }

    @Test
    void eachKindOfLimitRegistersItsOwnInterceptor() {
        Kernel keys = Kernel.builder().module(RateLimitModule.of(new RateLimitConfig(new RateLimit(60, 60), null, Map.of()))).build();
        assertThat(keys.admission().interceptors()).hasSize(1);
        assertThat(keys.modelCalls().interceptors()).isEmpty();
        assertThat(keys.scripts()).containsExactly(new Kernel.Script("ratelimit", "token_buckets", TokenBuckets.SCRIPT));

        RateLimitModule providers = RateLimitModule.fromSettings();
        Kernel budgets = Kernel.builder().settings(Settings.of(Map.of("FLOTILLA_PROVIDER_LIMITS", "simulated/*=tpm:1000")))
                .module(providers).build();
        assertThat(budgets.admission().interceptors()).isEmpty();
        assertThat(budgets.modelCalls().interceptors()).singleElement().isInstanceOf(ProviderThrottle.class);
        assertThat(providers.providerLimits()).isInstanceOf(RedisProviderLimits.class);
    }

    @Test
    void overTheKeysLimitASubmissionIsRefusedWithRetryAfterAndAnEventButTheOtherKeysPass() throws Exception {
        try (EmbeddedRedis server = EmbeddedRedis.ephemeral(); JedisPooled redis = RawRedis.client(server.endpoint())) {
            List<RuntimeEvent> events = new CopyOnWriteArrayList<>();
            Kernel kernel = Kernel.builder().fleet("rl").nodeId("n1").events(events::add).scripts(TestScripts.on(server.endpoint()))
                    .module(RateLimitModule.of(new RateLimitConfig(new RateLimit(1, 1), null, Map.of()))).build();

            Admitted first = kernel.admission().proceed(from("key-a"), STORE);
            assertThat(first.headers()).containsEntry("RateLimit-Policy", "\"key\";q=1;w=60;flotilla-burst=1")
                    .containsEntry("RateLimit", "\"key\";r=0;t=60");
            RunRefusedException refused = catchThrowableOfType(RunRefusedException.class, () -> kernel.admission().proceed(from("key-a"), STORE));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.code()).isEqualTo("rate_limited");
            assertThat(refused.retryAfterSeconds()).isBetween(1, 60);
            assertThat(refused.getMessage()).contains("too many runs for this API key (1 a minute, bursts of 1, fleet-wide)");
            assertThat(refused.headers()).containsEntry("RateLimit", "\"key\";r=0;t=" + refused.retryAfterSeconds());
            assertThat(events).singleElement().isInstanceOfSatisfying(RuntimeEvent.RateLimited.class, e -> {
                assertThat(e.scope()).isEqualTo("key");
                assertThat(e.subject()).isEqualTo("key-a");
                assertThat(e.node()).isEqualTo("n1");
            });
            assertThat(kernel.admission().proceed(from("key-b"), STORE).runId()).isEqualTo("run_1");
            // the bucket is where the gateway kept it before the module: limits survive an upgrade
            assertThat(redis.exists(new Keys("rl").requestBucket("key", "key-a"))).isTrue();
        }
    }
}
