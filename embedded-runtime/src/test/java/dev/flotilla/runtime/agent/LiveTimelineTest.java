package dev.flotilla.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A run's steps are stored while it runs, so an operator sees its retries before it ends; none twice. */
class LiveTimelineTest {

    /** Fails its first call with a 500, then answers once the test opens the gate. */
    static final class FailOnceThenWait implements ChatModel {
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch gate = new CountDownLatch(1);

        @Override public String name() { return "fail-once"; }

        @Override
        public ChatResponse chat(ChatRequest request) throws ModelException, InterruptedException {
            if (calls.incrementAndGet() == 1) throw new ModelException(ModelException.Kind.SERVER_ERROR, "simulated 500");
            gate.await();
            return new ChatResponse("done", List.of(), 1, 1);
        }
    }

    @Test
    void aRunningRunShowsItsRetryAndStoresEachStepOnce() throws Exception {
        FailOnceThenWait model = new FailOnceThenWait();
        try (FleetRuntime node = TestNodes.node().model(model).reclaimAfter(Duration.ofMillis(600))
                .retryBackoff(Duration.ofMillis(10)).build().start()) {
            Http http = TestNodes.http(node);
            String id = http.submit("assistant", "hello", null);
            // still running (the model waits on the gate), and the retry is already on its timeline
            JsonNode running = http.awaitRun(id, Duration.ofSeconds(20),
                    r -> r.path("status").asText().equals("running") && r.path("timeline").toString().contains("\"retry\""));
            assertThat(running.path("timeline").toString()).contains("\"attempt\"", "model_server_error");

            model.gate.countDown();
            JsonNode done = http.awaitTerminal(id, Duration.ofSeconds(20));
            assertThat(done.path("status").asText()).isEqualTo("succeeded");
            long retries = 0;
            long attempts = 0;
            for (JsonNode step : done.path("timeline")) {
                if (step.path("kind").asText().equals("retry")) retries++;
                if (step.path("kind").asText().equals("attempt")) attempts++;
            }
            assertThat(retries).as("stored once, though flushed while running").isEqualTo(1);
            assertThat(attempts).isEqualTo(2);
        }
    }
}
