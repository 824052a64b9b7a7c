package dev.flotilla.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each route needs an operator role (viewer < operator < admin), checked before the route runs. */
class OperatorRolesTest {

    static final String VIEWER_KEY = "viewer-key-0123456789abcdef";
    static final String OPERATOR_KEY = "operator-key-0123456789abcdef";
    static final String RUN = "{\"agent\":\"assistant\",\"input\":\"hello\"}";

    static FleetRuntime node;
    static Http admin;
    static Http viewer;
    static Http operator;

    @BeforeAll
    static void start() {
        node = TestNodes.node().nodeId("roles").apiKey(VIEWER_KEY, "dashboard", OperatorRole.VIEWER)
                .apiKey(OPERATOR_KEY, "on-call", OperatorRole.OPERATOR).build().start();
        admin = TestNodes.http(node);
        viewer = admin.withKey(VIEWER_KEY);
        operator = admin.withKey(OPERATOR_KEY);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aViewerReadsRunsButMayNotSubmitOne() {
        int before = admin.get("/v1/runs?limit=500").json().get("runs").size();
        Http.Response submit = viewer.post("/v1/runs", RUN);
        assertThat(submit.status()).as(submit.body()).isEqualTo(403);
        assertThat(submit.json().at("/error/code").asText()).isEqualTo("forbidden");
        assertThat(submit.json().at("/error/message").asText()).contains("dashboard").contains("viewer").contains("operator");
        assertThat(admin.get("/v1/runs?limit=500").json().get("runs").size()).as("nothing stored").isEqualTo(before);

        Http.Response list = viewer.get("/v1/runs");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().has("runs")).isTrue();
    }

    @Test
    void anOperatorSubmitsAndCancelsRuns() {
        Http.Response submit = operator.post("/v1/runs", RUN);
        assertThat(submit.status()).as(submit.body()).isEqualTo(202);
        String id = submit.json().get("run_id").asText();
        assertThat(operator.post("/v1/runs/" + id + "/cancel", null).status()).isIn(200, 409);
        assertThat(viewer.get("/v1/runs/" + id).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "a viewer gets 403 on {0} {1}")
    @CsvSource({
            "POST, /v1/runs/run_x/cancel",
            "POST, /v1/pools/assistant/scale",
            "PUT, /v1/demo",
            "POST, /v1/nodes/roles/pause",
            "POST, /v1/nodes/roles/drain",
            "POST, /v1/nodes/roles/resume",
            "POST, /v1/nodes/roles/pools/assistant/scale",
            "POST, /v1/dead-letters/run_x/replay",
            "DELETE, /v1/dead-letters/run_x"})
    void everyChangeNeedsAtLeastTheOperatorRole(String method, String path) {
        Http.Response r = viewer.send(method, path, "{\"size\":2}".getBytes());
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("forbidden");
        assertThat(node.state()).isEqualTo("active");
    }

    @ParameterizedTest(name = "a viewer reads {0}")
    @CsvSource({"/v1/runs", "/v1/fleet", "/v1/dead-letters", "/v1/resilience"})
    void aViewerReadsEverything(String path) {
        assertThat(viewer.get(path).status()).isEqualTo(200);
    }

    @Test
    void aWrongKeyIsStill401AndProbesStayOpen() {
        assertThat(admin.withKey("no-such-key-0123456789").get("/v1/runs").status()).isEqualTo(401);
        assertThat(admin.withKey(null).get("/health").status()).isEqualTo(200);
        assertThat(admin.withKey(null).get("/ready").status()).isEqualTo(200);
    }
}
