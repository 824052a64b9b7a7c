package dev.flotilla.runtime.model.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible provider against scripted Chat Completions replies in the published format
 * (the shapes of {@code CreateChatCompletionResponse}, {@code CreateChatCompletionStreamResponse}
 * and {@code CompletionUsage}; {@link OpenAiSpecFieldsTest} checks the fields read against the spec).
 */
class OpenAiChatModelTest {

    static final String KEY = "sk-test-0123456789abcdefghij";

    MockWebServer server;
    OpenAiChatModel model;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        model = new OpenAiChatModel(new ProviderSettings("openai", server.url("/v1").toString(), ApiKey.of(KEY),
                Duration.ofSeconds(2), Duration.ofMillis(800), 4096), null, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    static ChatRequest request(ChatOptions options) {
        return new ChatRequest(List.of(ChatMessage.system("You are careful."), ChatMessage.user("time and words?")),
                List.of("clock", "everything.echo"), "gpt-4.1-mini", options);
    }

    static final ChatOptions OPTIONS = new ChatOptions(0.2, 256,
            List.of(new ChatOptions.ToolSpec("everything.echo", "Echoes its message.",
                    "{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"}},\"required\":[\"message\"]}")), null);

    static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json").setBody(body);
    }

    @Test
    void sendsTheConversationToolsAndSettingsAndReadsSeveralToolCallsWithFullUsage() throws Exception {
        server.enqueue(json(200, """
                {"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"gpt-4.1-mini-2025-04-14",
                 "choices":[{"index":0,"finish_reason":"tool_calls","logprobs":null,
                   "message":{"role":"assistant","content":null,"refusal":null,"annotations":[],
                     "tool_calls":[
                       {"id":"call_a","type":"function","function":{"name":"clock","arguments":"{}"}},
                       {"id":"call_b","type":"function","function":{"name":"everything_echo","arguments":"{\\"message\\":\\"hi\\"}"}}]}}],
                 "usage":{"prompt_tokens":1200,"completion_tokens":300,"total_tokens":1500,
                   "prompt_tokens_details":{"cached_tokens":1024,"audio_tokens":0},
                   "completion_tokens_details":{"reasoning_tokens":192,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
                 "service_tier":"default"}"""));

        ChatResponse r = model.chat(request(OPTIONS));

        assertThat(r.toolCalls()).containsExactly(new ChatResponse.ToolCall("call_a", "clock", "{}"),
                new ChatResponse.ToolCall("call_b", "everything.echo", "{\"message\":\"hi\"}"));
        assertThat(r.promptTokens()).isEqualTo(1200);
        assertThat(r.completionTokens()).isEqualTo(300);
        assertThat(r.cachedInputTokens()).isEqualTo(1024);
        assertThat(r.reasoningTokens()).isEqualTo(192);

        RecordedRequest sent = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(sent.getPath()).isEqualTo("/v1/chat/completions");
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = Json.MAPPER.readTree(sent.getBody().readUtf8());
        assertThat(body.path("model").asText()).isEqualTo("gpt-4.1-mini");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(256);
        assertThat(body.has("stream")).isFalse();
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("You are careful.");
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("time and words?");
        JsonNode tools = body.path("tools");
        assertThat(tools).hasSize(2);
        assertThat(tools.get(0).path("type").asText()).isEqualTo("function");
        assertThat(tools.get(0).path("function").path("name").asText()).isEqualTo("clock");
        assertThat(tools.get(1).path("function").path("name").asText()).isEqualTo("everything_echo");
        assertThat(tools.get(1).path("function").path("description").asText()).isEqualTo("Echoes its message.");
        assertThat(tools.get(1).path("function").path("parameters").path("required").get(0).asText()).isEqualTo("message");
    }

    @Test
    void sendsToolCallsAndTheirResultsBackUnderTheirIds() throws Exception {
        server.enqueue(json(200, """
                {"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"m",
                 "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"It is noon; you said hi."}}],
                 "usage":{"prompt_tokens":50,"completion_tokens":8,"total_tokens":58}}"""));
        List<ChatResponse.ToolCall> calls = List.of(new ChatResponse.ToolCall("call_a", "clock", "{}"),
                new ChatResponse.ToolCall("call_b", "everything.echo", "{\"message\":\"hi\"}"));
        ChatRequest followUp = new ChatRequest(List.of(ChatMessage.system("s"), ChatMessage.user("q"),
                ChatMessage.toolCalls("", calls), ChatMessage.toolResult("call_a", "12:00"), ChatMessage.toolResult("call_b", "Echo: hi")),
                List.of("clock", "everything.echo"), "m", OPTIONS);

        ChatResponse r = model.chat(followUp);

        assertThat(r.content()).isEqualTo("It is noon; you said hi.");
        assertThat(r.wantsTools()).isFalse();
        assertThat(r.cachedInputTokens()).isZero();
        JsonNode messages = Json.MAPPER.readTree(server.takeRequest().getBody().readUtf8()).path("messages");
        JsonNode assistant = messages.get(2);
        assertThat(assistant.path("role").asText()).isEqualTo("assistant");
        assertThat(assistant.path("content").isNull()).isTrue();
        assertThat(assistant.path("tool_calls").get(1).path("id").asText()).isEqualTo("call_b");
        assertThat(assistant.path("tool_calls").get(1).path("function").path("name").asText()).isEqualTo("everything_echo");
        assertThat(assistant.path("tool_calls").get(1).path("function").path("arguments").asText()).isEqualTo("{\"message\":\"hi\"}");
        assertThat(messages.get(3).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(3).path("tool_call_id").asText()).isEqualTo("call_a");
        assertThat(messages.get(4).path("tool_call_id").asText()).isEqualTo("call_b");
        assertThat(messages.get(4).path("content").asText()).isEqualTo("Echo: hi");
    }

    static String sse(String... data) {
        StringBuilder b = new StringBuilder();
        for (String d : data) b.append("data: ").append(d).append("\n\n");
        return b.toString();
    }

    static MockResponse stream(String body) {
        return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(body);
    }

    @Test
    void streamsTextAsItGrowsAndReadsTheUsageChunk() throws Exception {
        server.enqueue(stream(sse(
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\", world\"},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":4,\"total_tokens\":24,\"prompt_tokens_details\":{\"cached_tokens\":16},\"completion_tokens_details\":{\"reasoning_tokens\":2}}}",
                "[DONE]")));
        List<String> seen = new ArrayList<>();

        ChatResponse r = model.chat(request(OPTIONS.withOutput((offset, chunk) -> seen.add(offset + ":" + chunk))));

        assertThat(r.content()).isEqualTo("Hello, world");
        assertThat(seen).containsExactly("0:Hello", "5:, world");
        assertThat(r.promptTokens()).isEqualTo(20);
        assertThat(r.cachedInputTokens()).isEqualTo(16);
        assertThat(r.reasoningTokens()).isEqualTo(2);
        JsonNode body = Json.MAPPER.readTree(server.takeRequest().getBody().readUtf8());
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void putsTogetherToolCallsSplitAcrossChunks() throws Exception {
        server.enqueue(stream(sse(
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"everything_echo\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"mess\"}}]},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"clock\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"age\\\":\\\"hi\\\"}\"}}]},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{}\"}}]},\"finish_reason\":null}]}",
                "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
                "[DONE]")));

        ChatResponse r = model.chat(request(OPTIONS.withOutput((o, c) -> { })));

        assertThat(r.toolCalls()).containsExactly(new ChatResponse.ToolCall("call_1", "everything.echo", "{\"message\":\"hi\"}"),
                new ChatResponse.ToolCall("call_2", "clock", "{}"));
        assertThat(r.promptTokens()).isPositive(); // no usage chunk: estimated
    }

    @Test
    void aRateLimitCarriesTheWaitItAsksFor() {
        server.enqueue(json(429, "{\"error\":{\"message\":\"Rate limit reached for gpt-4.1-mini\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}")
                .setHeader("Retry-After", "2"));
        server.enqueue(json(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\"}}")
                .setHeader("retry-after-ms", "1500").setHeader("Retry-After", "9"));

        ModelException first = failure(request(OPTIONS));
        ModelException second = failure(request(OPTIONS));

        assertThat(first.kind()).isEqualTo(ModelException.Kind.RATE_LIMITED);
        assertThat(first.kind().retryable()).isTrue();
        assertThat(first.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(first.getMessage()).contains("429").contains("Rate limit reached for gpt-4.1-mini");
        assertThat(second.retryAfter()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void serverErrorsAndOverloadAreRetryableBadRequestsAndBadKeysAreNot() {
        server.enqueue(json(500, "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}"));
        server.enqueue(json(529, "{\"error\":{\"message\":\"Overloaded\",\"type\":\"overloaded_error\"}}"));
        server.enqueue(json(400, "{\"error\":{\"message\":\"Invalid value for 'temperature'\",\"type\":\"invalid_request_error\"}}"));
        server.enqueue(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ". You can find your API key at ...\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));

        ModelException e500 = failure(request(OPTIONS));
        ModelException e529 = failure(request(OPTIONS));
        ModelException e400 = failure(request(OPTIONS));
        ModelException e401 = failure(request(OPTIONS));

        assertThat(e500.kind()).isEqualTo(ModelException.Kind.SERVER_ERROR);
        assertThat(e529.kind()).isEqualTo(ModelException.Kind.SERVER_ERROR);
        assertThat(e529.kind().retryable()).isTrue();
        assertThat(e400.kind()).isEqualTo(ModelException.Kind.BAD_REQUEST);
        assertThat(e400.kind().retryable()).isFalse();
        assertThat(e400.getMessage()).contains("Invalid value for 'temperature'");
        assertThat(e401.kind()).isEqualTo(ModelException.Kind.UNAUTHORIZED);
        assertThat(e401.kind().retryable()).isFalse();
        assertThat(e401.getMessage()).contains("Incorrect API key provided").doesNotContain(KEY).doesNotContain("0123456789abcdef");
    }

    @Test
    void malformedBodiesResetsTimeoutsAndCutStreamsAreRetryable() {
        server.enqueue(json(200, "<html>gateway</html>"));
        server.enqueue(json(200, "{\"id\":\"x\",\"choices\":[]}"));
        server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
        server.enqueue(json(200, "{}").setHeadersDelay(3, TimeUnit.SECONDS));
        server.enqueue(stream(sse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}]}")));

        assertThat(failure(request(OPTIONS)).kind()).isEqualTo(ModelException.Kind.MALFORMED);
        assertThat(failure(request(OPTIONS)).kind()).isEqualTo(ModelException.Kind.MALFORMED);
        assertThat(failure(request(OPTIONS)).kind()).isEqualTo(ModelException.Kind.CONNECTION_RESET);
        assertThat(failure(request(OPTIONS)).kind()).isEqualTo(ModelException.Kind.TIMEOUT);
        ModelException cut = failure(request(OPTIONS.withOutput((o, c) -> { })));
        assertThat(cut.kind()).isEqualTo(ModelException.Kind.CONNECTION_RESET);
        assertThat(cut.kind().retryable()).isTrue();
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

    @Test
    void theKeyNeverShowsInTheProvidersDescription() {
        assertThat(model.toString()).doesNotContain(KEY);
        assertThatThrownBy(() -> ApiKey.fromEnv("FLOTILLA_TEST_NO_SUCH_VAR", java.util.Map.of()))
                .hasMessageContaining("FLOTILLA_TEST_NO_SUCH_VAR");
    }
}
