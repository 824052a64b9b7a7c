package dev.flotilla.runtime.money;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.api.BodyReader;
import dev.flotilla.runtime.api.Gateway;
import dev.flotilla.runtime.api.ModuleRoutes;
import dev.flotilla.runtime.kernel.AuditEntry;
import dev.flotilla.runtime.kernel.Kernel;
import dev.flotilla.runtime.security.ApiKeys;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.Modules;
import dev.flotilla.runtime.support.TestScripts;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Every change through the money routes is audited with before and after, by the module that keeps the trail. */
class MoneyAuditTest {

    static final String ADMIN = "admin-key-0123456789";

    @Test
    void changesAreAuditedWithBeforeAndAfter() throws Exception {
        List<AuditEntry> audit = new CopyOnWriteArrayList<>();
        PrometheusRegistry registry = new PrometheusRegistry();
        try (EmbeddedRedis redis = EmbeddedRedis.ephemeral()) {
            Kernel kernel = Kernel.builder().scripts(TestScripts.on(redis.endpoint())).metrics(registry)
                    .module(Modules.of("audit", ctx -> ctx.keepAuditTrail(audit::add)))
                    .module(MoneyModule.defaults()).build();
            try (Gateway gateway = new Gateway(ApiKeys.of(ADMIN), BodyReader.forInput(1_000), List.of(new ModuleRoutes(kernel.routes())))
                    .start("127.0.0.1", 0)) {
                Http http = new Http("http://127.0.0.1:" + gateway.port(), ADMIN);
                assertThat(http.send("PUT", "/v1/prices", bytes("{\"model\":\"acme/big\",\"input_per_mtok\":1,\"output_per_mtok\":2}")).status()).isEqualTo(200);
                assertThat(http.post("/v1/budgets", "{\"id\":\"b1\",\"scope\":\"fleet\",\"limit_usd\":3,\"period\":\"week\"}").status()).isEqualTo(201);
                assertThat(http.send("PUT", "/v1/budgets/b1", bytes("{\"scope\":\"fleet\",\"limit_usd\":4,\"period\":\"week\"}")).status()).isEqualTo(200);
                assertThat(http.post("/v1/webhooks", "{\"url\":\"ftp://nowhere\",\"secret\":\"12345678\"}").status()).isEqualTo(400);
                assertThat(http.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/x\",\"secret\":\"short\"}").status()).isEqualTo(400);
                assertThat(http.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/x\",\"secret\":\"12345678\",\"events\":[\"run.done\"]}").status()).isEqualTo(400);
                assertThat(http.get("/v1/webhooks").json().path("webhooks")).isEmpty();
                assertThat(http.send("DELETE", "/v1/budgets/b1", null).status()).isEqualTo(204);

                assertThat(audit).extracting(AuditEntry::action)
                        .containsExactly("price.changed", "budget.created", "budget.changed", "budget.deleted");
                AuditEntry changed = audit.get(2);
                assertThat(changed.actor().keyName()).isEqualTo("admin");
                assertThat(((Map<?, ?>) changed.details().get("before")).get("limit_usd")).isEqualTo(3.0);
                assertThat(((Map<?, ?>) changed.details().get("after")).get("limit_usd")).isEqualTo(4.0);
                assertThat(audit.get(0).details()).containsKeys("before", "after");
            } finally {
                kernel.close();
            }
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
