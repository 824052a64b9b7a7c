package dev.flotilla.runtime.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.agent.AgentPool;
import dev.flotilla.runtime.support.GatedModel;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node's autoscaling as the fleet sees it: bounds in the node's description, changes as events and metrics. */
class AutoscaleNodeTest {

    @Test
    void aNodeGrowsItsPoolWhileRunsWaitAndTheFleetViewShowsTheBounds() throws Exception {
        GatedModel gated = new GatedModel();
        try (FleetRuntime node = TestNodes.node().nodeId("auto").model(gated).drainTimeout(Duration.ofSeconds(1)).poolSize(1).autoscale(1, 4).build().start()) {
            Http http = TestNodes.http(node);
            JsonNode before = pool(http);
            assertThat(before.path("min").asInt()).isEqualTo(1);
            assertThat(before.path("max").asInt()).isEqualTo(4);
            assertThat(before.path("autoscale").asBoolean()).isTrue();
            for (int i = 0; i < 4; i++) http.submit("assistant", "wait " + i, null);

            // the loop looks once a second: one agent busy and three runs waiting make it grow
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (node.pool("assistant").size() < 2 && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(node.pool("assistant").size()).isBetween(2, 4);
            assertThat(http.withKey(null).get("/metrics").body())
                    .contains("flotilla_pool_scale_events_total{agent=\"assistant\",reason=\"autoscale\"} 1");

            node.setBounds("assistant", 3, 3);
            JsonNode p = pool(http);
            assertThat(p.path("min").asInt()).isEqualTo(3);
            assertThat(p.path("max").asInt()).isEqualTo(3);
            assertThat(p.path("autoscale").asBoolean()).isFalse();
            gated.open();
        }
    }

    @Test
    void boundsAreCheckedWhereTheyAreSet() {
        assertThatThrownBy(() -> FleetRuntime.builder().autoscale(0, 4)).hasMessageContaining("min 0");
        assertThatThrownBy(() -> FleetRuntime.builder().autoscale(5, 4)).hasMessageContaining("min 5, max 4");
        assertThatThrownBy(() -> FleetRuntime.builder().autoscale(1, AgentPool.MAX_SIZE + 1)).hasMessageContaining("max " + (AgentPool.MAX_SIZE + 1));
        assertThatThrownBy(() -> FleetRuntime.builder().poolSize(AgentPool.MAX_SIZE + 1)).hasMessageContaining("[1," + AgentPool.MAX_SIZE + "]");
        assertThat(FleetRuntime.builder().poolSize(1_000)).isNotNull();
    }

    @Test
    void poolsStartWithinTheBoundsAndSetBoundsRefusesUnknownAgents() {
        try (FleetRuntime node = TestNodes.node().nodeId("bounded").poolSize(2).autoscale(5, 10).build().start()) {
            assertThat(node.pool("assistant").size()).isEqualTo(5);
            assertThatThrownBy(() -> node.setBounds("nobody", 1, 2)).hasMessageContaining("nobody");
            assertThatThrownBy(() -> node.setBounds("assistant", 3, 2)).isInstanceOf(IllegalArgumentException.class);
            assertThat(node.pool("assistant").max()).isEqualTo(10);
        }
    }

    @Test
    void aManualScaleNeverLeavesTheFleetViewContradictingItself() {
        try (FleetRuntime fixed = TestNodes.node().nodeId("fixed").poolSize(4).build().start();
             FleetRuntime auto = TestNodes.node().nodeId("auto").poolSize(2).autoscale(1, 4).build().start()) {
            Http http = TestNodes.http(fixed);
            JsonNode scaled = http.post("/v1/pools/assistant/scale", "{\"size\": 8}").json();
            assertThat(List.of(scaled.path("size").asInt(), scaled.path("min").asInt(), scaled.path("max").asInt())).containsExactly(8, 8, 8);
            JsonNode p = pool(http);
            assertThat(List.of(p.path("size").asInt(), p.path("min").asInt(), p.path("max").asInt())).containsExactly(8, 8, 8);
            assertThat(p.path("held").asBoolean()).isFalse();

            // autoscaling on: a size above max is allowed for a cool-down, and says so
            Http autoHttp = TestNodes.http(auto);
            autoHttp.post("/v1/pools/assistant/scale", "{\"size\": 8}");
            JsonNode held = pool(autoHttp);
            assertThat(List.of(held.path("size").asInt(), held.path("min").asInt(), held.path("max").asInt())).containsExactly(8, 1, 4);
            assertThat(held.path("held").asBoolean()).isTrue();
        }
    }

    private static JsonNode pool(Http http) {
        return http.get("/v1/fleet").json().path("nodes").get(0).path("pools").get(0);
    }
}
