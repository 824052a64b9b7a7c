package dev.flotilla.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every /v1 route with the role it needs, tried with a key of each role: below it, 403 forbidden;
 * at or above it, the route runs (whatever it answers, never 401 or 403). Viewers read, operators
 * act, admins manage keys. (The event streams, open to viewers, are tested in EventRoutes' tests.)
 */
class RouteRolesTableTest {

    static final String VIEWER_KEY = "table-viewer-key-0123456789";
    static final String OPERATOR_KEY = "table-operator-key-0123456789";

    record Route(String method, String path, String body, OperatorRole needs) {
        @Override public String toString() { return method + " " + path + " needs " + needs.name().toLowerCase(); }
    }

    static final List<Route> ROUTES = List.of(
            new Route("GET", "/v1/whoami", null, OperatorRole.VIEWER),
            new Route("GET", "/v1/runs", null, OperatorRole.VIEWER),
            new Route("GET", "/v1/runs/run_x", null, OperatorRole.VIEWER),
            new Route("GET", "/v1/fleet", null, OperatorRole.VIEWER),
            new Route("GET", "/v1/dead-letters", null, OperatorRole.VIEWER),
            new Route("GET", "/v1/dead-letters/run_x", null, OperatorRole.VIEWER),
            new Route("GET", "/v1/resilience", null, OperatorRole.VIEWER),
            new Route("GET", "/v1/audit", null, OperatorRole.VIEWER),
            new Route("GET", "/v1/audit/verify", null, OperatorRole.VIEWER),
            new Route("GET", "/v1/audit/export", null, OperatorRole.VIEWER),
            new Route("POST", "/v1/runs", "{\"agent\":\"assistant\",\"input\":\"hi\"}", OperatorRole.OPERATOR),
            new Route("POST", "/v1/runs/run_x/cancel", null, OperatorRole.OPERATOR),
            new Route("POST", "/v1/pools/assistant/scale", "{\"size\":2}", OperatorRole.OPERATOR),
            new Route("PUT", "/v1/demo", "{\"enabled\":false}", OperatorRole.OPERATOR),
            new Route("POST", "/v1/nodes/nope/pause", null, OperatorRole.OPERATOR),
            new Route("POST", "/v1/nodes/nope/drain", null, OperatorRole.OPERATOR),
            new Route("POST", "/v1/nodes/nope/resume", null, OperatorRole.OPERATOR),
            new Route("POST", "/v1/nodes/nope/pools/assistant/scale", "{\"size\":2}", OperatorRole.OPERATOR),
            new Route("POST", "/v1/dead-letters/run_x/replay", null, OperatorRole.OPERATOR),
            new Route("DELETE", "/v1/dead-letters/run_x", null, OperatorRole.OPERATOR),
            new Route("GET", "/v1/keys", null, OperatorRole.ADMIN),
            new Route("POST", "/v1/keys", "{}", OperatorRole.ADMIN),
            new Route("POST", "/v1/keys/key_x/rotate", null, OperatorRole.ADMIN),
            new Route("DELETE", "/v1/keys/key_x", null, OperatorRole.ADMIN));

    static FleetRuntime node;
    static Http admin;

    @BeforeAll
    static void start() {
        node = TestNodes.node().nodeId("table").apiKey(VIEWER_KEY, "viewer", OperatorRole.VIEWER)
                .apiKey(OPERATOR_KEY, "operator", OperatorRole.OPERATOR).build().start();
        admin = TestNodes.http(node);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static Stream<Arguments> everyRouteWithEveryRole() {
        List<Arguments> all = new ArrayList<>();
        for (Route r : ROUTES) for (OperatorRole role : OperatorRole.values()) all.add(Arguments.of(r, role));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, tried as {1}")
    @MethodSource("everyRouteWithEveryRole")
    void eachRouteAnswersEachRoleAsItsTableSays(Route route, OperatorRole role) {
        Http as = switch (role) {
            case VIEWER -> admin.withKey(VIEWER_KEY);
            case OPERATOR -> admin.withKey(OPERATOR_KEY);
            case ADMIN -> admin;
        };
        Http.Response r = as.send(route.method(), route.path(), route.body() == null ? null : route.body().getBytes(StandardCharsets.UTF_8));
        if (role.allows(route.needs())) {
            assertThat(r.status()).as(r.body()).isNotIn(401, 403);
        } else {
            assertThat(r.status()).as(r.body()).isEqualTo(403);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("forbidden");
        }
        assertThat(as.withKey(null).send(route.method(), route.path(), null).status()).as("no key").isEqualTo(401);
    }
}
