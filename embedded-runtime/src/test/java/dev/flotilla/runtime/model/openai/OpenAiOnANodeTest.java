package dev.flotilla.runtime.model.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.model.http.ApiKey;
import dev.flotilla.runtime.model.http.ProviderSettings;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * A real node whose agent calls an OpenAI-compatible provider (scripted): a 429 is retried through
 * the resilience pipeline after the wait it asked for, the model's tool call runs through the
 * tool-call chain and goes back under its id, the streamed answer reaches the event stream as a
 * few coalesced {@code run.delta} events, and the run keeps the full usage and never the key.
 */
class OpenAiOnANodeTest {

    static final String KEY = "sk-node-test-0123456789abcdef";

    static String chunk(String delta, String finish) {
        return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4.1-mini\",\"choices\":[{\"index\":0,\"delta\":"
                + delta + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    @Test
    void aRateLimitThenAToolCallThenAStreamedAnswer() throws Exception {
        try (MockWebServer provider = new MockWebServer()) {
            provider.enqueue(new MockResponse().setResponseCode(429).setHeader("retry-after-ms", "20")
                    .setBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}"));
            provider.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(
                    chunk("{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_clock\",\"type\":\"function\",\"function\":{\"name\":\"clock\",\"arguments\":\"\"}}]}", null)
                            + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}", null)
                            + chunk("{}", "tool_calls")
                            + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":10,\"total_tokens\":110,\"prompt_tokens_details\":{\"cached_tokens\":64},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}\n\n"
                            + "data: [DONE]\n\n"));
            StringBuilder answer = new StringBuilder();
            StringBuilder streamed = new StringBuilder();
            for (int i = 0; i < 60; i++) {
                String word = "w" + i + " ";
                answer.append(word);
                streamed.append(chunk("{\"content\":\"" + word + "\"}", null));
            }
            streamed.append(chunk("{}", "stop"))
                    .append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":150,\"completion_tokens\":120,\"total_tokens\":270,\"prompt_tokens_details\":{\"cached_tokens\":128},\"completion_tokens_details\":{\"reasoning_tokens\":32}}}\n\n")
                    .append("data: [DONE]\n\n");
            provider.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(streamed.toString()));
            provider.start();

            OpenAiChatModel openai = new OpenAiChatModel(ProviderSettings.of("openai", provider.url("/v1").toString(), ApiKey.of(KEY)));
            AgentDefinition agent = new AgentDefinition("assistant", "You are careful.", List.of("clock"), 4, 2,
                    List.of(ModelRef.parse("openai/gpt-4.1-mini")), Duration.ofSeconds(30),
                    new AgentDefinition.ModelSettings(0.1, 300, true));
            try (FleetRuntime node = TestNodes.node().provider("openai", openai).agent(agent).build().start()) {
                Http http = TestNodes.http(node);
                HttpClient client = HttpClient.newHttpClient();
                HttpResponse<java.io.InputStream> events = client.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/events"))
                        .header("Accept", "text/event-stream").header("Authorization", "Bearer " + TestNodes.KEY).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                List<JsonNode> deltas = new ArrayList<>();
                List<String> all = new ArrayList<>();
                try (var reader = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
                    assertThat(reader.readLine()).startsWith(":");
                    String id = http.submit("assistant", "what time is it?", null);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    String line;
                    while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
                        if (!line.startsWith("data:") || !line.contains(id)) continue;
                        all.add(line);
                        JsonNode e = Json.MAPPER.readTree(line.substring(5));
                        if ("run.delta".equals(e.path("type").asText())) deltas.add(e);
                        if ("run.succeeded".equals(e.path("type").asText()) || "run.failed".equals(e.path("type").asText())) break;
                    }

                    JsonNode run = http.awaitTerminal(id, Duration.ofSeconds(10));
                    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
                    assertThat(run.path("output").asText()).isEqualTo(answer.toString());
                    assertThat(run.path("model").asText()).isEqualTo("openai/gpt-4.1-mini");
                    assertThat(run.path("attempts").asInt()).isEqualTo(2); // the 429 was retried
                    JsonNode usage = run.path("usage");
                    assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(250);
                    assertThat(usage.path("completion_tokens").asInt()).isEqualTo(130);
                    assertThat(usage.path("cached_input_tokens").asInt()).isEqualTo(192);
                    assertThat(usage.path("reasoning_tokens").asInt()).isEqualTo(32);
                    List<String> kinds = new ArrayList<>();
                    run.path("timeline").forEach(s -> kinds.add(s.path("kind").asText()));
                    assertThat(kinds).contains("tool");
                    assertThat(run.toString()).doesNotContain(KEY);

                    // 60 chunks arrived as a handful of events, which rebuild the answer by their offsets
                    assertThat(deltas).isNotEmpty().hasSizeLessThanOrEqualTo(5);
                    StringBuilder rebuilt = new StringBuilder();
                    for (JsonNode d : deltas) {
                        rebuilt.setLength(d.path("offset").asInt());
                        rebuilt.append(d.path("text").asText());
                    }
                    assertThat(rebuilt.toString()).isEqualTo(answer.toString());
                    assertThat(String.join("\n", all)).doesNotContain(KEY);
                }
            }
            provider.takeRequest(); // the 429
            provider.takeRequest(); // the tool call
            JsonNode last = Json.MAPPER.readTree(provider.takeRequest().getBody().readUtf8());
            JsonNode messages = last.path("messages");
            assertThat(messages.get(0).path("content").asText()).isEqualTo("You are careful.");
            assertThat(messages.get(2).path("tool_calls").get(0).path("id").asText()).isEqualTo("call_clock");
            assertThat(messages.get(3).path("tool_call_id").asText()).isEqualTo("call_clock");
            assertThat(messages.get(3).path("content").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
            assertThat(last.path("temperature").asDouble()).isEqualTo(0.1);
            assertThat(last.path("tools").get(0).path("function").path("description").asText()).isEqualTo("The current UTC time.");
        }
    }

    @Test
    void aRefusedKeyFailsTheRunAtOnceWithTheProvidersMessageAndNoKey() throws Exception {
        try (MockWebServer provider = new MockWebServer()) {
            provider.enqueue(new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json")
                    .setBody("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ". You can find your API key at https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"));
            provider.start();
            OpenAiChatModel openai = new OpenAiChatModel(ProviderSettings.of("openai", provider.url("/v1").toString(), ApiKey.of(KEY)));
            AgentDefinition agent = new AgentDefinition("assistant", "s", List.of(), 4, 1,
                    List.of(ModelRef.parse("openai/gpt-4.1-mini")), Duration.ofSeconds(30));
            try (FleetRuntime node = TestNodes.node().provider("openai", openai).agent(agent).build().start()) {
                Http http = TestNodes.http(node);
                JsonNode run = http.awaitTerminal(http.submit("assistant", "hello", null), Duration.ofSeconds(20));

                assertThat(run.path("status").asText()).isEqualTo("failed");
                assertThat(run.path("error").path("code").asText()).isEqualTo("model_unavailable"); // the pipeline's code when the chain gives up; the cause is in the message
                assertThat(run.path("error").path("message").asText()).contains("model_unauthorized").contains("openai 401: Incorrect API key provided")
                        .doesNotContain(KEY).doesNotContain("0123456789abcdef");
                assertThat(run.path("attempts").asInt()).isEqualTo(1); // a 401 is not retried
                assertThat(run.toString()).doesNotContain(KEY);
                assertThat(provider.getRequestCount()).isEqualTo(1);
            }
        }
    }
}
