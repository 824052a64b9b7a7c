package dev.flotilla.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.model.SimulatedChatModel;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PoolUnderLoadTest {

    /** Counts model calls in flight, the real measure of agents working at once. */
    static final class CountingModel implements ChatModel {
        final ChatModel inner;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();

        CountingModel(ChatModel inner) { this.inner = inner; }

        @Override public String name() { return inner.name(); }

        @Override
        public ChatResponse chat(ChatRequest request) throws ModelException, InterruptedException {
            max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                return inner.chat(request);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private static CountingModel slowModel(long millis) {
        return new CountingModel(new SimulatedChatModel(TestNodes.fastModel()
                .withMedianLatency(Duration.ofMillis(millis)).withLatencySpread(0)));
    }

    @Test
    void aHundredConcurrentRunsNeverExceedThePoolSizeAndAllSucceed() throws Exception {
        CountingModel model = slowModel(100);
        try (FleetRuntime node = TestNodes.node().nodeId("load").poolSize(4).model(model).build().start()) {
            Http http = TestNodes.http(node);
            List<String> ids = submitConcurrently(http, 100);
            for (String id : ids) {
                JsonNode run = http.awaitTerminal(id, Duration.ofSeconds(60));
                assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
            }
            assertThat(model.max.get()).isLessThanOrEqualTo(4).isEqualTo(4);
            assertThat(node.pool("assistant").maxBusySeen()).isEqualTo(4);
        }
    }

    @Test
    void scalingWhileBusyLosesNoRun() throws Exception {
        CountingModel model = slowModel(150);
        try (FleetRuntime node = TestNodes.node().nodeId("scaler").poolSize(4).model(model).build().start()) {
            Http http = TestNodes.http(node);
            List<String> ids = submitConcurrently(http, 40);
            http.awaitRun(ids.getFirst(), Duration.ofSeconds(20), r -> !r.path("status").asText().equals("queued"));
            assertThat(http.post("/v1/pools/assistant/scale", "{\"size\":1}").status()).isEqualTo(200);
            http.awaitTerminal(ids.get(10), Duration.ofSeconds(60));
            assertThat(http.post("/v1/pools/assistant/scale", "{\"size\":6}").status()).isEqualTo(200);
            for (String id : ids) {
                assertThat(http.awaitTerminal(id, Duration.ofSeconds(60)).path("status").asText()).isEqualTo("succeeded");
            }
            JsonNode pool = http.get("/v1/fleet").json().at("/nodes/0/pools/0");
            assertThat(pool.get("size").asInt()).isEqualTo(6);
            assertThat(model.max.get()).isLessThanOrEqualTo(6);
        }
    }

    private static List<String> submitConcurrently(Http http, int n) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> http.submit("assistant", "load " + k, null)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) ids.add(f.get());
            return ids;
        }
    }
}
