package dev.flotilla.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.support.GatedModel;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SlowRunReclaimTest {

    @Test
    void aSlowRunOnALiveNodeIsNotTakenOverByAnotherNode() throws Exception {
        GatedModel gated = new GatedModel();
        AtomicInteger otherNodeCalls = new AtomicInteger();
        ChatModel counting = new ChatModel() {
            @Override public String name() { return "counting"; }

            @Override
            public ChatResponse chat(ChatRequest request) {
                otherNodeCalls.incrementAndGet();
                return new ChatResponse("from b", java.util.List.of(), 1, 1);
            }
        };
        Duration reclaimAfter = Duration.ofMillis(300);
        try (FleetRuntime a = TestNodes.node().nodeId("slow-a").model(gated).reclaimAfter(reclaimAfter).build().start();
             FleetRuntime b = TestNodes.node().nodeId("idle-b").redisUrl(a.redisUrl()).model(counting).reclaimAfter(reclaimAfter)
                     .poolSize(1).build().start()) {
            Http http = TestNodes.http(a);
            // both nodes read the queue: submit until a run is held by node a (b's runs end at once)
            String id = null;
            for (int i = 0; i < 20 && id == null; i++) {
                String candidate = http.submit("assistant", "slow " + i, null);
                JsonNode r = http.awaitRun(candidate, Duration.ofSeconds(10), x -> !x.path("status").asText().equals("queued"));
                if (r.path("node").asText().equals("slow-a") && r.path("status").asText().equals("running")) id = candidate;
            }
            assertThat(id).as("a run held by node a").isNotNull();
            int callsBefore = otherNodeCalls.get();
            // well past the reclaim time: node a keeps its entry fresh, so b must not take the run
            long until = System.nanoTime() + reclaimAfter.multipliedBy(6).toNanos();
            while (System.nanoTime() < until) {
                JsonNode r = http.get("/v1/runs/" + id).json();
                assertThat(r.path("node").asText()).isEqualTo("slow-a");
                Thread.sleep(50); // real time must pass: Redis measures entry idleness itself
            }
            assertThat(otherNodeCalls.get()).isEqualTo(callsBefore);
            gated.open();
            JsonNode done = http.awaitTerminal(id, Duration.ofSeconds(10));
            assertThat(done.path("status").asText()).isEqualTo("succeeded");
            assertThat(done.path("node").asText()).isEqualTo("slow-a");
            assertThat(done.path("output").asText()).isEqualTo("done");
        }
    }
}
