package dev.flotilla.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.support.GatedModel;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CancelTest {

    @Test
    void cancellingStopsARunningRunAndSkipsAQueuedOne() throws Exception {
        GatedModel stuck = new GatedModel(); // never opened: only an interrupt (the cancel) gets a call out
        try (FleetRuntime node = TestNodes.node().nodeId("cancel").poolSize(1).model(stuck).build().start()) {
            Http http = TestNodes.http(node);
            String running = http.submit("assistant", "never ends", null);
            http.awaitRun(running, Duration.ofSeconds(10), r -> r.path("status").asText().equals("running"));
            String queued = http.submit("assistant", "never starts", null);

            Http.Response q = http.post("/v1/runs/" + queued + "/cancel", null);
            assertThat(q.status()).isEqualTo(200);
            assertThat(q.json().path("status").asText()).isEqualTo("cancelled");

            Http.Response r = http.post("/v1/runs/" + running + "/cancel", null);
            assertThat(r.status()).isEqualTo(200);
            // the agent comes free: the stuck model call was interrupted
            http.awaitRun(running, Duration.ofSeconds(10), x -> true);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (node.pool("assistant").busy() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(node.pool("assistant").busy()).isZero();
            assertThat(http.get("/v1/runs/" + running).json().path("status").asText()).isEqualTo("cancelled");
            assertThat(http.get("/v1/runs/" + queued).json().path("status").asText()).isEqualTo("cancelled");
            assertThat(http.get("/v1/fleet").json().at("/queue/depth").asInt()).isZero();
        }
    }
}
