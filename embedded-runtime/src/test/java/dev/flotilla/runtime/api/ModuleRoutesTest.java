package dev.flotilla.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.kernel.Kernel;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.security.ApiKeys;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.Modules;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A module's routes are served by the gateway with the operator role each declared, checked like the gateway's own. */
class ModuleRoutesTest {

    static final String ADMIN = "admin-key-0123456789";
    static final String VIEWER = "viewer-key-0123456789";

    @Test
    void aModulesRoutesAnswerOnlyKeysWithTheirRole() {
        Kernel kernel = Kernel.builder().module(Modules.of("budgets", ctx -> ctx.routes()
                .get("/v1/budgets", OperatorRole.VIEWER, c -> c.json(List.of("team-a")))
                .put("/v1/budgets/{id}", OperatorRole.ADMIN, c -> c.result("set " + c.pathParam("id")
                        + " by " + AccessControl.principal(c).keyName())))).build();
        ApiKeys keys = ApiKeys.of(ADMIN).with(VIEWER, "dashboard", OperatorRole.VIEWER);
        BodyReader bodies = BodyReader.forInput(1_000);
        try (Gateway gateway = new Gateway(keys, bodies, List.of(new ModuleRoutes(kernel.routes()))).start("127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + gateway.port();
            Http viewer = new Http(base, VIEWER);
            Http admin = new Http(base, ADMIN);
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

            assertThat(viewer.get("/v1/budgets").body()).isEqualTo("[\"team-a\"]");
            Http.Response refused = viewer.send("PUT", "/v1/budgets/team-a", body);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().at("/error/code").asText()).isEqualTo("forbidden");
            assertThat(new Http(base, null).get("/v1/budgets").status()).isEqualTo(401);
            Http.Response set = admin.send("PUT", "/v1/budgets/team-a", body);
            assertThat(set.status()).isEqualTo(200);
            assertThat(set.body()).isEqualTo("set team-a by admin");
        }
    }
}
