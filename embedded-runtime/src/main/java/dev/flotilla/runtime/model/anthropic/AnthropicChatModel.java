package dev.flotilla.runtime.model.anthropic;

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
import dev.flotilla.runtime.model.http.ProviderHttp;
import dev.flotilla.runtime.model.http.ProviderSettings;
import dev.flotilla.runtime.model.http.SseReader;
import dev.flotilla.runtime.model.http.ToolNames;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeMap;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An Anthropic Messages provider ({@code POST {base}/v1/messages}). The system prompt goes in
 * {@code system}; tool calls come back as {@code tool_use} blocks (several per answer) and go back
 * as {@code tool_result} blocks of one user turn. Usage: {@code input_tokens} plus
 * {@code cache_read_input_tokens} plus {@code cache_creation_input_tokens} is the prompt (so it
 * means what OpenAI's {@code prompt_tokens} means), the two cache counts kept apart. Streamed
 * when asked: {@code message_start}, {@code content_block_*} with text and
 * {@code input_json_delta} pieces, {@code message_delta} with the final output count,
 * {@code error} events (an {@code overloaded_error} mid-stream is retried like a 529).
 */
public final class AnthropicChatModel implements ChatModel {

    static final String VERSION = "2023-06-01";

    private final ProviderHttp http;

    public AnthropicChatModel(ProviderSettings settings, Clock clock) {
        this.http = new ProviderHttp(settings, clock);
    }

    public AnthropicChatModel(ProviderSettings settings) {
        this(settings, Clock.systemUTC());
    }

    @Override
    public String name() { return http.settings().name(); }

    @Override
    public ChatResponse chat(ChatRequest request) throws ModelException, InterruptedException {
        if (request.model() == null) throw new ModelException(ModelException.Kind.BAD_REQUEST, name() + ": no model named");
        ToolNames names = new ToolNames(request.tools());
        Request.Builder r = http.post("/v1/messages", body(request, names)).header("anthropic-version", VERSION);
        if (http.settings().apiKey() != null) r.header("x-api-key", http.settings().apiKey().value());
        ChatOptions.OutputListener output = request.options().output();
        try (Response response = http.send(r.build())) {
            return output != null ? readStream(response, names, output) : read(response, names);
        }
    }

    private ObjectNode body(ChatRequest request, ToolNames names) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ChatOptions o = request.options();
        body.put("model", request.model());
        body.put("max_tokens", o.maxOutputTokens() != null ? o.maxOutputTokens() : http.settings().defaultMaxOutputTokens());
        StringJoiner system = new StringJoiner("\n\n");
        ArrayNode messages = Json.MAPPER.createArrayNode();
        ArrayNode results = null; // tool results of one turn go back together, in one user message
        for (ChatMessage m : request.messages()) {
            if (m.role() != ChatMessage.Role.TOOL) results = null;
            switch (m.role()) {
                case SYSTEM -> { if (m.content() != null && !m.content().isBlank()) system.add(m.content()); }
                case USER -> messages.addObject().put("role", "user").put("content", m.content());
                case TOOL -> {
                    if (results == null) results = messages.addObject().put("role", "user").putArray("content");
                    results.addObject().put("type", "tool_result").put("tool_use_id", m.toolCallId()).put("content", m.content());
                }
                case ASSISTANT -> {
                    if (m.toolCalls().isEmpty()) {
                        messages.addObject().put("role", "assistant").put("content", m.content());
                    } else {
                        ArrayNode blocks = messages.addObject().put("role", "assistant").putArray("content");
                        if (m.content() != null && !m.content().isBlank()) blocks.addObject().put("type", "text").put("text", m.content());
                        for (ChatResponse.ToolCall c : m.toolCalls()) {
                            blocks.addObject().put("type", "tool_use").put("id", c.id()).put("name", names.toWire(c.name()))
                                    .set("input", arguments(c.arguments()));
                        }
                    }
                }
            }
        }
        if (system.length() > 0) body.put("system", system.toString());
        body.set("messages", messages);
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (String t : request.tools()) {
                ChatOptions.ToolSpec spec = o.spec(t).orElse(new ChatOptions.ToolSpec(t, "", null));
                ObjectNode tool = tools.addObject().put("name", names.toWire(t));
                if (!spec.description().isEmpty()) tool.put("description", spec.description());
                tool.set("input_schema", json(spec.inputSchema()));
            }
        }
        if (o.temperature() != null) body.put("temperature", Math.min(1.0, o.temperature())); // Anthropic's range is 0..1
        if (o.streaming()) body.put("stream", true);
        return body;
    }

    /** A tool call's arguments as the object Anthropic wants back; text that is not an object becomes {}. */
    private static JsonNode arguments(String text) {
        try {
            JsonNode n = Json.MAPPER.readTree(text == null || text.isBlank() ? "{}" : text);
            return n.isObject() ? n : Json.MAPPER.createObjectNode();
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("tool input schema is not JSON: " + e.getMessage());
        }
    }

    private ChatResponse read(Response response, ToolNames names) throws ModelException, InterruptedException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(response.body().string());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw http.malformed("not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw http.io(e);
        }
        if (!root.path("content").isArray()) throw http.malformed("no content array");
        StringBuilder text = new StringBuilder();
        List<ChatResponse.ToolCall> calls = new ArrayList<>();
        for (JsonNode block : root.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> calls.add(new ChatResponse.ToolCall(block.path("id").asText(null),
                        names.fromWire(block.path("name").asText()), Json.write(block.path("input").isObject() ? block.path("input") : Json.MAPPER.createObjectNode())));
                default -> { } // thinking and other blocks are not part of the answer
            }
        }
        return withUsage(text.toString(), calls, root.path("usage"), null);
    }

    private static final class Block {
        String type;
        String id;
        String name;
        final StringBuilder input = new StringBuilder();
    }

    private ChatResponse readStream(Response response, ToolNames names, ChatOptions.OutputListener output)
            throws ModelException, InterruptedException {
        SseReader events = new SseReader(response.body().source());
        StringBuilder text = new StringBuilder();
        TreeMap<Integer, Block> blocks = new TreeMap<>();
        JsonNode startUsage = Json.MAPPER.missingNode();
        JsonNode endUsage = null;
        boolean stopped = false;
        try {
            SseReader.Event e;
            while (!stopped && (e = events.next()) != null) {
                JsonNode event;
                try {
                    event = Json.MAPPER.readTree(e.data());
                } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
                    throw http.malformed("a stream event is not JSON (" + bad.getOriginalMessage() + ")");
                }
                String type = event.path("type").asText(e.name());
                switch (type) {
                    case "message_start" -> startUsage = event.path("message").path("usage");
                    case "content_block_start" -> {
                        Block b = new Block();
                        JsonNode cb = event.path("content_block");
                        b.type = cb.path("type").asText();
                        b.id = cb.path("id").asText(null);
                        b.name = cb.path("name").asText(null);
                        if ("text".equals(b.type) && cb.path("text").isTextual()) emit(cb.path("text").asText(), text, output);
                        blocks.put(event.path("index").asInt(blocks.size()), b);
                    }
                    case "content_block_delta" -> {
                        JsonNode d = event.path("delta");
                        Block b = blocks.get(event.path("index").asInt());
                        switch (d.path("type").asText()) {
                            case "text_delta" -> emit(d.path("text").asText(), text, output);
                            case "input_json_delta" -> {
                                if (b == null) throw http.malformed("input_json_delta for a block that never started");
                                b.input.append(d.path("partial_json").asText());
                            }
                            default -> { } // thinking, signatures
                        }
                    }
                    case "message_delta" -> { if (event.path("usage").isObject()) endUsage = event.path("usage"); }
                    case "message_stop" -> stopped = true;
                    case "error" -> throw http.streamed(event.path("error").path("type").asText(null), event.path("error").path("message").asText());
                    default -> { } // ping, content_block_stop
                }
            }
        } catch (IOException io) {
            throw http.io(io);
        }
        if (!stopped) throw new ModelException(ModelException.Kind.CONNECTION_RESET, name() + ": the stream ended before message_stop");
        List<ChatResponse.ToolCall> calls = new ArrayList<>();
        for (Block b : blocks.values()) {
            if (!"tool_use".equals(b.type)) continue;
            String input = b.input.isEmpty() ? "{}" : b.input.toString();
            try {
                Json.MAPPER.readTree(input);
            } catch (IOException bad) {
                throw http.malformed("the input of tool call " + b.name + " is not JSON");
            }
            calls.add(new ChatResponse.ToolCall(b.id, names.fromWire(b.name), input));
        }
        return withUsage(text.toString(), calls, startUsage, endUsage);
    }

    private static void emit(String chunk, StringBuilder text, ChatOptions.OutputListener output) {
        if (chunk.isEmpty()) return;
        output.onOutput(text.length(), chunk);
        text.append(chunk);
    }

    /** Usage from the message (or a stream's start), with the counts a stream's end updates. */
    private static ChatResponse withUsage(String text, List<ChatResponse.ToolCall> calls, JsonNode usage, JsonNode end) {
        int input = pick(end, usage, "input_tokens");
        int cacheRead = pick(end, usage, "cache_read_input_tokens");
        int cacheWrite = pick(end, usage, "cache_creation_input_tokens");
        int output = pick(end, usage, "output_tokens");
        return new ChatResponse(text, calls, input + cacheRead + cacheWrite, output, cacheRead, 0, cacheWrite);
    }

    private static int pick(JsonNode end, JsonNode start, String field) {
        if (end != null && end.path(field).isNumber()) return end.path(field).asInt();
        return start.path(field).asInt(0);
    }

    @Override
    public String toString() {
        return "AnthropicChatModel[" + http.settings() + "]";
    }
}
