package dev.flotilla.runtime.model.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.model.ChatOptions;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.model.http.ApiKey;
import dev.flotilla.runtime.model.http.ProviderSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Anthropic provider against scripted Messages API replies in its published format (JSON and the event stream). */
class AnthropicChatModelTest {

    static final String KEY = "sk-ant-api03-testkey0123456789";

    MockWebServer server;
    AnthropicChatModel model;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        String base = server.url("/").toString();
        model = new AnthropicChatModel(new ProviderSettings("claude", base, ApiKey.of(KEY), Duration.ofSeconds(2),
                Duration.ofSeconds(2), 1024), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    static final ChatOptions OPTIONS = new ChatOptions(0.3, 512,
            List.of(new ChatOptions.ToolSpec("everything.echo", "Echoes its message.", "{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"}}}")), null);

    static ChatRequest request(ChatOptions options) {
        return new ChatRequest(List.of(ChatMessage.system("You are careful."), ChatMessage.user("time and echo?")),
                List.of("clock", "everything.echo"), "claude-haiku-4-5", options);
    }

    static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    @Test
    void sendsSystemToolsAndSettingsAndReadsToolUseBlocksWithCacheUsage() throws Exception {
        server.enqueue(json(200, """
                {"id":"msg_01","type":"message","role":"assistant","model":"claude-haiku-4-5",
                 "content":[{"type":"text","text":"Let me check."},
                   {"type":"tool_use","id":"toolu_01","name":"clock","input":{}},
                   {"type":"tool_use","id":"toolu_02","name":"everything_echo","input":{"message":"hi"}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":100,"cache_creation_input_tokens":40,"cache_read_input_tokens":2000,"output_tokens":60}}"""));

        ChatResponse r = model.chat(request(OPTIONS));

        assertThat(r.content()).isEqualTo("Let me check.");
        assertThat(r.toolCalls()).containsExactly(new ChatResponse.ToolCall("toolu_01", "clock", "{}"),
                new ChatResponse.ToolCall("toolu_02", "everything.echo", "{\"message\":\"hi\"}"));
        assertThat(r.promptTokens()).isEqualTo(2140);
        assertThat(r.cachedInputTokens()).isEqualTo(2000);
        assertThat(r.cacheWriteTokens()).isEqualTo(40);
        assertThat(r.completionTokens()).isEqualTo(60);

        RecordedRequest sent = server.takeRequest();
        assertThat(sent.getPath()).isEqualTo("/v1/messages");
        assertThat(sent.getHeader("x-api-key")).isEqualTo(KEY);
        assertThat(sent.getHeader("anthropic-version")).isEqualTo("2023-06-01");
        JsonNode body = Json.MAPPER.readTree(sent.getBody().readUtf8());
        assertThat(body.path("system").asText()).isEqualTo("You are careful.");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(512);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("tools").get(1).path("name").asText()).isEqualTo("everything_echo");
        assertThat(body.path("tools").get(1).path("input_schema").path("type").asText()).isEqualTo("object");
        assertThat(body.path("tools").get(0).path("input_schema").path("type").asText()).isEqualTo("object");
    }

    @Test
    void toolResultsGoBackTogetherInOneUserTurn() throws Exception {
        server.enqueue(json(200, """
                {"id":"msg_02","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"Noon, and: hi"}],
                 "stop_reason":"end_turn","usage":{"input_tokens":30,"output_tokens":5}}"""));
        List<ChatResponse.ToolCall> calls = List.of(new ChatResponse.ToolCall("toolu_01", "clock", "{}"),
                new ChatResponse.ToolCall("toolu_02", "everything.echo", "{\"message\":\"hi\"}"));

        ChatResponse r = model.chat(new ChatRequest(List.of(ChatMessage.system("s"), ChatMessage.user("q"),
                ChatMessage.toolCalls("Let me check.", calls), ChatMessage.toolResult("toolu_01", "12:00"),
                ChatMessage.toolResult("toolu_02", "Echo: hi")), List.of("clock", "everything.echo"), "m", ChatOptions.NONE));

        assertThat(r.content()).isEqualTo("Noon, and: hi");
        assertThat(r.promptTokens()).isEqualTo(30);
        JsonNode body = Json.MAPPER.readTree(server.takeRequest().getBody().readUtf8());
        assertThat(body.path("max_tokens").asInt()).isEqualTo(1024); // the provider's default: Anthropic requires one
        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(3);
        JsonNode assistant = messages.get(1).path("content");
        assertThat(assistant.get(0).path("type").asText()).isEqualTo("text");
        assertThat(assistant.get(2).path("type").asText()).isEqualTo("tool_use");
        assertThat(assistant.get(2).path("name").asText()).isEqualTo("everything_echo");
        assertThat(assistant.get(2).path("input").path("message").asText()).isEqualTo("hi");
        JsonNode results = messages.get(2);
        assertThat(results.path("role").asText()).isEqualTo("user");
        assertThat(results.path("content")).hasSize(2);
        assertThat(results.path("content").get(1).path("type").asText()).isEqualTo("tool_result");
        assertThat(results.path("content").get(1).path("tool_use_id").asText()).isEqualTo("toolu_02");
    }

    static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    @Test
    void readsTheEventStreamTextToolInputPiecesAndUsage() throws Exception {
        String stream = event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"m\",\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":25,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":1000,\"output_tokens\":1}}}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}")
                + event("ping", "{\"type\":\"ping\"}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Okay,\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" checking\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                + event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"everything_echo\",\"input\":{}}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"message\\\": \\\"h\"}}")
                + event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"i\\\"}\"}}")
                + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}")
                + event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":89}}")
                + event("message_stop", "{\"type\":\"message_stop\"}");
        server.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(stream));
        List<String> seen = new ArrayList<>();

        ChatResponse r = model.chat(request(OPTIONS.withOutput((o, c) -> seen.add(o + ":" + c))));

        assertThat(seen).containsExactly("0:Okay,", "5: checking");
        assertThat(r.content()).isEqualTo("Okay, checking");
        assertThat(r.toolCalls()).containsExactly(new ChatResponse.ToolCall("toolu_9", "everything.echo", "{\"message\": \"hi\"}"));
        assertThat(r.promptTokens()).isEqualTo(1025);
        assertThat(r.cachedInputTokens()).isEqualTo(1000);
        assertThat(r.completionTokens()).isEqualTo(89);
        assertThat(Json.MAPPER.readTree(server.takeRequest().getBody().readUtf8()).path("stream").asBoolean()).isTrue();
    }

    @Test
    void overloadedRateLimitedAndBadRequestsMapLikeTheSimulatedModels() {
        server.enqueue(json(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        server.enqueue(json(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}")
                .setHeader("retry-after", "7"));
        server.enqueue(json(400, "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: field required\"}}"));
        server.enqueue(json(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key " + KEY + "\"}}"));
        server.enqueue(new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(
                event("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}")
                        + event("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));

        ModelException overloaded = failure(request(OPTIONS));
        ModelException limited = failure(request(OPTIONS));
        ModelException bad = failure(request(OPTIONS));
        ModelException key = failure(request(OPTIONS));
        ModelException midStream = failure(request(OPTIONS.withOutput((o, c) -> { })));

        assertThat(overloaded.kind()).isEqualTo(ModelException.Kind.SERVER_ERROR);
        assertThat(overloaded.getMessage()).contains("529").contains("Overloaded");
        assertThat(limited.kind()).isEqualTo(ModelException.Kind.RATE_LIMITED);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(bad.kind()).isEqualTo(ModelException.Kind.BAD_REQUEST);
        assertThat(bad.getMessage()).contains("max_tokens: field required");
        assertThat(key.kind()).isEqualTo(ModelException.Kind.UNAUTHORIZED);
        assertThat(key.getMessage()).doesNotContain(KEY).doesNotContain("testkey0123456789");
        assertThat(midStream.kind()).isEqualTo(ModelException.Kind.SERVER_ERROR);
        assertThat(midStream.kind().retryable()).isTrue();
    }

    private ModelException failure(ChatRequest r) {
        try {
            model.chat(r);
        } catch (ModelException e) {
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the call to fail");
    }
}
