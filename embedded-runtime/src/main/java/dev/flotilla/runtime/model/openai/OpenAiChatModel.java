package dev.flotilla.runtime.model.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatOptions;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.model.Tokens;
import dev.flotilla.runtime.model.http.ProviderHttp;
import dev.flotilla.runtime.model.http.ProviderSettings;
import dev.flotilla.runtime.model.http.SseReader;
import dev.flotilla.runtime.model.http.ToolNames;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An OpenAI-compatible Chat Completions provider ({@code POST {base}/chat/completions}): OpenAI,
 * Azure-style gateways, vLLM, Ollama, LM Studio, LiteLLM. Tools go out as {@code function} tools and
 * come back as {@code tool_calls} (several per answer); results go back as {@code tool} messages
 * under the call's id. Usage is read fully: {@code prompt_tokens_details.cached_tokens} and
 * {@code completion_tokens_details.reasoning_tokens}. Streamed when the request asks for it
 * ({@code stream_options.include_usage}, so the usage still comes), tool calls put together from
 * pieces spread over chunks.
 */
public final class OpenAiChatModel implements ChatModel {

    private final ProviderHttp http;
    private final String maxTokensField;

    /** {@code maxTokensField}: {@code max_completion_tokens} (OpenAI), or {@code max_tokens} for servers that only know that. */
    public OpenAiChatModel(ProviderSettings settings, String maxTokensField, Clock clock) {
        this.http = new ProviderHttp(settings, clock);
        this.maxTokensField = maxTokensField == null ? "max_completion_tokens" : maxTokensField;
    }

    public OpenAiChatModel(ProviderSettings settings) {
        this(settings, null, Clock.systemUTC());
    }

    @Override
    public String name() { return http.settings().name(); }

    @Override
    public ChatResponse chat(ChatRequest request) throws ModelException, InterruptedException {
        if (request.model() == null) throw new ModelException(ModelException.Kind.BAD_REQUEST, name() + ": no model named");
        ToolNames names = new ToolNames(request.tools());
        ObjectNode body = body(request, names);
        Request.Builder r = http.post("/chat/completions", body);
        if (http.settings().apiKey() != null) r.header("Authorization", "Bearer " + http.settings().apiKey().value());
        ChatOptions.OutputListener output = request.options().output();
        if (output != null) r.header("Accept", "text/event-stream");
        try (Response response = http.send(r.build())) {
            return output != null ? readStream(response, names, output, request) : read(response, names, request);
        }
    }

    private ObjectNode body(ChatRequest request, ToolNames names) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        for (ChatMessage m : request.messages()) {
            ObjectNode out = messages.addObject();
            switch (m.role()) {
                case SYSTEM -> out.put("role", "system").put("content", m.content());
                case USER -> out.put("role", "user").put("content", m.content());
                case TOOL -> out.put("role", "tool").put("tool_call_id", m.toolCallId()).put("content", m.content());
                case ASSISTANT -> {
                    out.put("role", "assistant");
                    if (m.toolCalls().isEmpty()) {
                        out.put("content", m.content());
                    } else {
                        if (m.content() == null || m.content().isEmpty()) out.putNull("content");
                        else out.put("content", m.content());
                        ArrayNode calls = out.putArray("tool_calls");
                        for (ChatResponse.ToolCall c : m.toolCalls()) {
                            ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
                            call.putObject("function").put("name", names.toWire(c.name()))
                                    .put("arguments", c.arguments() == null || c.arguments().isBlank() ? "{}" : c.arguments());
                        }
                    }
                }
            }
        }
        ChatOptions o = request.options();
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (String t : request.tools()) {
                ChatOptions.ToolSpec spec = o.spec(t).orElse(new ChatOptions.ToolSpec(t, "", null));
                ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
                fn.put("name", names.toWire(t));
                if (!spec.description().isEmpty()) fn.put("description", spec.description());
                fn.set("parameters", schema(spec.inputSchema()));
            }
        }
        if (o.temperature() != null) body.put("temperature", o.temperature());
        if (o.maxOutputTokens() != null) body.put(maxTokensField, o.maxOutputTokens());
        if (o.streaming()) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    private static JsonNode schema(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("tool input schema is not JSON: " + e.getMessage());
        }
    }

    private ChatResponse read(Response response, ToolNames names, ChatRequest request) throws ModelException, InterruptedException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(response.body().string());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw http.malformed("not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw http.io(e);
        }
        JsonNode message = root.path("choices").path(0).path("message");
        if (!message.isObject()) throw http.malformed("no choices[0].message");
        List<ChatResponse.ToolCall> calls = new ArrayList<>();
        for (JsonNode c : message.path("tool_calls")) {
            JsonNode fn = c.path("function");
            if (!fn.path("name").isTextual()) throw http.malformed("a tool call without a function name");
            calls.add(new ChatResponse.ToolCall(c.path("id").asText(null), names.fromWire(fn.path("name").asText()),
                    fn.path("arguments").asText("{}")));
        }
        String content = message.path("content").isTextual() ? message.path("content").asText() : "";
        return withUsage(content, calls, root.path("usage"), request);
    }

    /** One tool call as its pieces arrive: the id and name come first, the arguments in pieces. */
    private static final class PartialCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    private ChatResponse readStream(Response response, ToolNames names, ChatOptions.OutputListener output, ChatRequest request)
            throws ModelException, InterruptedException {
        SseReader events = new SseReader(response.body().source());
        StringBuilder content = new StringBuilder();
        TreeMap<Integer, PartialCall> calls = new TreeMap<>();
        JsonNode usage = null;
        boolean finished = false;
        boolean done = false;
        try {
            SseReader.Event e;
            while ((e = events.next()) != null) {
                if ("[DONE]".equals(e.data().strip())) {
                    done = true;
                    break;
                }
                JsonNode chunk;
                try {
                    chunk = Json.MAPPER.readTree(e.data());
                } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
                    throw http.malformed("a stream chunk is not JSON (" + bad.getOriginalMessage() + ")");
                }
                JsonNode error = chunk.path("error");
                if (error.isObject()) throw http.streamed(error.path("type").asText(error.path("code").asText(null)), error.path("message").asText());
                if (chunk.path("usage").isObject()) usage = chunk.path("usage");
                JsonNode choice = chunk.path("choices").path(0);
                if (choice.isMissingNode()) continue;
                JsonNode delta = choice.path("delta");
                String text = delta.path("content").isTextual() ? delta.path("content").asText() : null;
                if (text != null && !text.isEmpty()) {
                    output.onOutput(content.length(), text);
                    content.append(text);
                }
                for (JsonNode piece : delta.path("tool_calls")) {
                    PartialCall call = calls.computeIfAbsent(piece.path("index").asInt(calls.size()), i -> new PartialCall());
                    if (piece.path("id").isTextual()) call.id = piece.path("id").asText();
                    JsonNode fn = piece.path("function");
                    if (fn.path("name").isTextual()) call.name = fn.path("name").asText();
                    if (fn.path("arguments").isTextual()) call.arguments.append(fn.path("arguments").asText());
                }
                if (choice.path("finish_reason").isTextual()) finished = true;
            }
        } catch (IOException io) {
            throw http.io(io);
        }
        if (!done && !finished) {
            throw new ModelException(ModelException.Kind.CONNECTION_RESET, name() + ": the stream ended before the answer was complete");
        }
        List<ChatResponse.ToolCall> out = new ArrayList<>();
        for (PartialCall c : calls.values()) {
            if (c.name == null) throw http.malformed("a streamed tool call without a function name");
            out.add(new ChatResponse.ToolCall(c.id, names.fromWire(c.name), c.arguments.isEmpty() ? "{}" : c.arguments.toString()));
        }
        return withUsage(content.toString(), out, usage == null ? Json.MAPPER.missingNode() : usage, request);
    }

    /** The answer with the usage the provider reported; estimated when it reported none. */
    private static ChatResponse withUsage(String content, List<ChatResponse.ToolCall> calls, JsonNode usage, ChatRequest request) {
        if (!usage.isObject()) {
            return new ChatResponse(content, calls, Tokens.estimate(request.messages()), Tokens.estimate(content));
        }
        return new ChatResponse(content, calls,
                usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0),
                usage.path("prompt_tokens_details").path("cached_tokens").asInt(0),
                usage.path("completion_tokens_details").path("reasoning_tokens").asInt(0), 0);
    }

    @Override
    public String toString() {
        return "OpenAiChatModel[" + http.settings() + "]";
    }
}
