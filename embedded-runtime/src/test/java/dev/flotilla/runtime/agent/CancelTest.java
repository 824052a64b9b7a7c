package dev.flotilla.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class CancelTest {

    @Test
    void cancellingStopsARunningRunAndSkipsAQueuedOne() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        ChatModel stuck = new ChatModel() {
            @Override public String name() { return "stuck"; }

            @Override
            public ChatResponse chat(ChatRequest request) throws InterruptedException {
                never.await(); // only an interrupt (the cancel) gets it out
                return new ChatResponse("unreachable", List.of(), 1, 1);
            }
        };
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
