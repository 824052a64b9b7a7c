package dev.flotilla.runtime.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.tool.Tool;
import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A run the runtime fails on every time (a poison input) ends in the dead letters; the rest flow on. */
class DeadLetterApiTest {

    /**
     * A poison input: the agent's tool crashes on it (a bug in the tool, say), every time it is
     * delivered. The model always asks for the tool, then answers with what it returned.
     */
    static final class PoisonSensitiveModel implements ChatModel {
        final AtomicBoolean poisonous = new AtomicBoolean(true);
        final AtomicInteger poisonCalls = new AtomicInteger();

        @Override public String name() { return "poison-sensitive"; }

        @Override
        public ChatResponse chat(ChatRequest request) {
            var last = request.messages().getLast();
            if (last.role() == ChatMessage.Role.TOOL) return new ChatResponse("ok: " + last.content(), List.of(), 1, 1);
            return new ChatResponse("", List.of(new ChatResponse.ToolCall("parse", "{}")), 1, 1);
        }

        Tool tool() {
            return new Tool() {
                @Override public String name() { return "parse"; }

                @Override public String description() { return "Parses the user's message."; }

                @Override
                public String call(String argumentsJson, ToolContext context) {
                    if (context.input().contains("poison") && poisonous.get()) {
                        poisonCalls.incrementAndGet();
                        throw new IllegalStateException("the parser cannot digest this input");
                    }
                    return context.input();
                }
            };
        }
    }

    private static FleetRuntime.Builder nodeWith(PoisonSensitiveModel model) {
        return TestNodes.node().model(model).tool(model.tool())
                .agent(new AgentDefinition("assistant", "You parse.", List.of("parse"), 4, 4));
    }

    @Test
    void aPoisonRunIsDeadLetteredAfterNDeliveriesAndReplayWorks() throws Exception {
        PoisonSensitiveModel model = new PoisonSensitiveModel();
        try (FleetRuntime node = nodeWith(model).maxDeliveries(3).build().start()) {
            Http http = TestNodes.http(node);
            String poison = http.submit("assistant", "poison pill", null);
            List<String> others = new ArrayList<>();
            for (int i = 0; i < 10; i++) others.add(http.submit("assistant", "fine " + i, null));

            JsonNode dead = http.awaitTerminal(poison, Duration.ofSeconds(20));
            assertThat(dead.path("status").asText()).isEqualTo("failed");
            assertThat(dead.path("error").path("code").asText()).isEqualTo("dead_lettered");
            assertThat(model.poisonCalls.get()).as("tried once per delivery").isEqualTo(3);
            assertThat(dead.path("deliveries").asInt()).isEqualTo(3);
            for (String id : others) assertThat(http.awaitTerminal(id, Duration.ofSeconds(20)).path("status").asText()).isEqualTo("succeeded");

            JsonNode list = http.get("/v1/dead-letters").json().path("dead_letters");
            assertThat(list).hasSize(1);
            assertThat(list.path(0).path("run_id").asText()).isEqualTo(poison);
            assertThat(list.path(0).path("input").asText()).isEqualTo("poison pill");
            assertThat(list.path(0).path("errors")).hasSize(3);
            assertThat(list.path(0).path("errors").path(0).path("code").asText()).isEqualTo("internal_error");
            assertThat(http.get("/v1/dead-letters/" + poison).status()).isEqualTo(200);
            assertThat(http.withKey(null).get("/metrics").body()).contains("flotilla_dead_letters_total{agent=\"assistant\"} 1.0");

            model.poisonous.set(false); // the bug is fixed: the operator replays the run
            Http.Response replay = http.post("/v1/dead-letters/" + poison + "/replay", "");
            assertThat(replay.status()).isEqualTo(202);
            JsonNode replayed = http.awaitTerminal(poison, Duration.ofSeconds(20));
            assertThat(replayed.path("status").asText()).isEqualTo("succeeded");
            assertThat(replayed.path("output").asText()).isEqualTo("ok: poison pill");
            assertThat(replayed.path("timeline").toString()).contains("dead_lettered", "replayed", "succeeded");
            assertThat(http.get("/v1/dead-letters").json().path("dead_letters")).isEmpty();
            assertThat(http.post("/v1/dead-letters/" + poison + "/replay", "").status()).isEqualTo(404);

            JsonNode recent = http.get("/v1/resilience").json().path("recent");
            assertThat(recent.toString()).contains("deadletter.added", "deadletter.replayed");
        }
    }

    @Test
    void aDiscardedDeadLetterIsGoneAndTheRunStaysFailed() throws Exception {
        PoisonSensitiveModel model = new PoisonSensitiveModel();
        try (FleetRuntime node = nodeWith(model).maxDeliveries(1).build().start()) {
            Http http = TestNodes.http(node);
            String poison = http.submit("assistant", "poison", null);
            assertThat(http.awaitTerminal(poison, Duration.ofSeconds(20)).path("error").path("code").asText()).isEqualTo("dead_lettered");
            assertThat(http.send("DELETE", "/v1/dead-letters/" + poison, null).status()).isEqualTo(204);
            assertThat(http.get("/v1/dead-letters/" + poison).status()).isEqualTo(404);
            assertThat(http.send("DELETE", "/v1/dead-letters/" + poison, null).status()).isEqualTo(404);
            assertThat(http.get("/v1/runs/" + poison).json().path("status").asText()).isEqualTo("failed");
        }
    }
}
