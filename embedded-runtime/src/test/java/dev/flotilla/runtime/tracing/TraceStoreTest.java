package dev.flotilla.runtime.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.TraceHeaders;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * A real node on an embedded Redis, no collector: a run's spans reach its span store with its
 * outcome, and {@code GET /v1/runs/{id}/trace} answers them in the caller's trace.
 */
class TraceStoreTest {

    static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CALLER_SPAN = "00f067aa0ba902b7";

    /** Submits with the caller's {@code traceparent}; answers the response (its headers included). */
    static HttpResponse<String> submitTraced(FleetRuntime node, String input) throws Exception {
        HttpRequest post = HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/runs"))
                .header("Authorization", "Bearer " + TestNodes.KEY).header("Content-Type", "application/json")
                .header("traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"agent\":\"assistant\",\"input\":\"" + input + "\"}")).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(post, HttpResponse.BodyHandlers.ofString());
        }
    }

    static Map<String, JsonNode> byName(JsonNode spans) {
        Map<String, JsonNode> out = new HashMap<>();
        spans.forEach(s -> out.putIfAbsent(s.path("name").asText(), s));
        return out;
    }

    static List<JsonNode> named(JsonNode spans, String name) {
        return StreamSupport.stream(spans.spliterator(), false).filter(s -> s.path("name").asText().equals(name)).toList();
    }

    @Test
    void aRunsSpansAreStoredWithItsOutcomeInTheCallersTraceWithRetriesAndFallbackAsEvents() throws Exception {
        try (FleetRuntime node = TestNodes.node().nodeId("trace-store")
                .simulatedModel("primary", TestNodes.fastModel().withErrorRate(1.0)
                        .withTimeout(Duration.ofMillis(5)).withRetryAfter(Duration.ofMillis(5)))
                .retryBackoff(Duration.ofMillis(5))
                .build().start()) {
            Http http = TestNodes.http(node);
            HttpResponse<String> accepted = submitTraced(node, "what does the clock say");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String traceparent = accepted.headers().firstValue("traceparent").orElseThrow();
            assertThat(traceparent).matches("00-" + CALLER_TRACE + "-[0-9a-f]{16}-01");
            String submitSpan = traceparent.split("-")[2];
            assertThat(submitSpan).isNotEqualTo(CALLER_SPAN);
            String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(accepted.body()).path("run_id").asText();

            JsonNode run = http.awaitTerminal(id, Duration.ofSeconds(20));
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
            assertThat(run.path("trace_id").asText()).isEqualTo(CALLER_TRACE);

            Http.Response r = http.get("/v1/runs/" + id + "/trace");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            JsonNode trace = r.json();
            assertThat(trace.path("trace_id").asText()).isEqualTo(CALLER_TRACE);
            assertThat(trace.path("complete").asBoolean()).isTrue();
            assertThat(trace.path("dropped").asInt()).isZero();
            JsonNode spans = trace.path("spans");
            Map<String, JsonNode> byName = byName(spans);
            assertThat(byName).containsKeys("invoke_agent assistant", "queue_wait", "step 1", "step 2",
                    "chat primary", "chat fallback", "execute_tool clock");

            JsonNode runSpan = byName.get("invoke_agent assistant");
            assertThat(spans.get(0)).as("the run's own span first").isEqualTo(runSpan);
            assertThat(runSpan.path("parent_span_id").asText()).as("a child of the submission's span").isEqualTo(submitSpan);
            assertThat(runSpan.path("attributes").path("flotilla.run_id").asText()).isEqualTo(id);
            assertThat(runSpan.path("attributes").path("gen_ai.operation.name").asText()).isEqualTo("invoke_agent");
            assertThat(runSpan.path("status").asText()).isEqualTo("ok");
            String runSpanId = runSpan.path("span_id").asText();
            // every other span hangs below the run's, and starts and ends inside it
            for (JsonNode s : spans) {
                if (s == runSpan) continue;
                assertThat(ancestors(spans, s)).as(s.toString()).contains(runSpanId);
                assertThat(s.path("start_unix_nano").asLong()).isGreaterThanOrEqualTo(runSpan.path("start_unix_nano").asLong());
                assertThat(s.path("end_unix_nano").asLong()).isLessThanOrEqualTo(runSpan.path("end_unix_nano").asLong());
            }
            assertThat(byName.get("queue_wait").path("parent_span_id").asText()).isEqualTo(runSpanId);

            // in each of the two steps (the tool call, then the answer) the primary failed three times
            // (GenAI client spans with the error), then the fallback answered
            JsonNode step1 = byName.get("step 1");
            List<JsonNode> primary = named(spans, "chat primary").stream()
                    .filter(s -> s.path("parent_span_id").asText().equals(step1.path("span_id").asText())).toList();
            assertThat(named(spans, "chat primary")).hasSize(6);
            assertThat(primary).hasSize(3).allSatisfy(s -> {
                assertThat(s.path("kind").asText()).isEqualTo("client");
                assertThat(s.path("status").asText()).isEqualTo("error");
                assertThat(s.path("attributes").path("error.type").asText()).isNotEmpty();
                assertThat(s.path("attributes").path("gen_ai.provider.name").asText()).isEqualTo("simulated");
            });
            List<JsonNode> fallbacks = named(spans, "chat fallback");
            JsonNode answered = fallbacks.getLast();
            JsonNode a = answered.path("attributes");
            assertThat(a.path("gen_ai.operation.name").asText()).isEqualTo("chat");
            assertThat(a.path("gen_ai.provider.name").asText()).isEqualTo("simulated");
            assertThat(a.path("gen_ai.request.model").asText()).isEqualTo("fallback");
            assertThat(a.path("gen_ai.response.model").asText()).isEqualTo("fallback");
            assertThat(a.path("gen_ai.usage.input_tokens").asInt()).isPositive();
            assertThat(a.path("gen_ai.usage.output_tokens").asInt()).isPositive();
            assertThat(a.path("gen_ai.response.finish_reasons").get(0).asText()).isIn("stop", "tool_calls");
            // retries and the fallback are events of the step that made them
            List<String> events = StreamSupport.stream(step1.path("events").spliterator(), false).map(e -> e.path("name").asText()).toList();
            assertThat(events).contains("retry", "fallback");

            JsonNode tool = byName.get("execute_tool clock");
            assertThat(tool.path("attributes").path("gen_ai.tool.name").asText()).isEqualTo("clock");
            assertThat(tool.path("attributes").path("flotilla.tool.decision").asText()).isEqualTo("allowed");
            assertThat(tool.path("parent_span_id").asText()).isEqualTo(step1.path("span_id").asText());

            // the spans stay out of run lists and of the run itself
            assertThat(http.get("/v1/runs/" + id).body()).doesNotContain("xl_trace_spans").doesNotContain("\"spans\"");
            assertThat(http.get("/v1/runs?limit=5").body()).doesNotContain("xl_trace_spans").contains(CALLER_TRACE);
        }
    }

    @Test
    void aRunWithoutACallersTraceStartsItsOwnAndAnUnknownRunIs404() throws Exception {
        try (FleetRuntime node = TestNodes.node().nodeId("trace-new").build().start()) {
            Http http = TestNodes.http(node);
            Http.Response accepted = http.post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"hello\"}");
            assertThat(accepted.status()).isEqualTo(202);
            String traceparent = accepted.headers().firstValue("traceparent").orElseThrow();
            String traceId = traceparent.split("-")[1];
            assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo(CALLER_TRACE);
            String id = accepted.json().path("run_id").asText();
            JsonNode run = http.awaitTerminal(id, Duration.ofSeconds(20));
            assertThat(run.path("trace_id").asText()).isEqualTo(traceId);
            JsonNode trace = http.get("/v1/runs/" + id + "/trace").json();
            assertThat(trace.path("trace_id").asText()).isEqualTo(traceId);
            assertThat(byName(trace.path("spans"))).containsKeys("invoke_agent assistant", "chat primary");

            Http.Response missing = http.get("/v1/runs/run_nope/trace");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.json().at("/error/code").asText()).isEqualTo("run_not_found");
            assertThat(http.withKey(null).get("/v1/runs/" + id + "/trace").status()).isEqualTo(401);
        }
    }

    @Test
    void aProviderCallCarriesTheTraceparentOfItsModelCallSpan() throws Exception {
        List<Map<String, String>> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        ChatModel provider = new ChatModel() {
            @Override public String name() { return "capturing"; }

            @Override
            public ChatResponse chat(ChatRequest request) {
                sent.add(TraceHeaders.current()); // what an HTTP provider adds to its request
                return new ChatResponse("done", List.of(), 3, 1);
            }
        };
        try (FleetRuntime node = TestNodes.node().nodeId("trace-provider").model(provider).build().start()) {
            Http http = TestNodes.http(node);
            HttpResponse<String> accepted = submitTraced(node, "hello");
            String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(accepted.body()).path("run_id").asText();
            assertThat(http.awaitTerminal(id, Duration.ofSeconds(20)).path("status").asText()).isEqualTo("succeeded");
            JsonNode chat = byName(http.get("/v1/runs/" + id + "/trace").json().path("spans")).get("chat primary");
            assertThat(sent).singleElement().satisfies(h -> assertThat(h.get("traceparent"))
                    .isEqualTo("00-" + CALLER_TRACE + "-" + chat.path("span_id").asText() + "-01"));
        }
        assertThat(TraceHeaders.current()).as("nothing current outside a model call").isEmpty();
    }

    private static List<String> ancestors(JsonNode spans, JsonNode span) {
        Map<String, String> parents = new HashMap<>();
        spans.forEach(s -> parents.put(s.path("span_id").asText(), s.path("parent_span_id").asText(null)));
        List<String> out = new java.util.ArrayList<>();
        String p = span.path("parent_span_id").asText(null);
        while (p != null && out.size() < 50) {
            out.add(p);
            p = parents.get(p);
        }
        return out;
    }
}
