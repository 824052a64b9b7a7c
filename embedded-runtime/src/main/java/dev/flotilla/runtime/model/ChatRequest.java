package dev.flotilla.runtime.model;

import java.util.List;
import java.util.Objects;

/**
 * What an agent asks a model: the conversation so far, the tools it may call, which of the
 * provider's models should answer ({@code null}: the provider's default) and how
 * ({@link ChatOptions}: temperature, output cap, tool descriptions, streaming).
 */
public record ChatRequest(List<ChatMessage> messages, List<String> tools, String model, ChatOptions options) {
    public ChatRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        options = Objects.requireNonNullElse(options, ChatOptions.NONE);
    }

    public ChatRequest(List<ChatMessage> messages, List<String> tools, String model) {
        this(messages, tools, model, ChatOptions.NONE);
    }

    public ChatRequest(List<ChatMessage> messages, List<String> tools) {
        this(messages, tools, null);
    }

    public ChatRequest withModel(String name) {
        return new ChatRequest(messages, tools, name, options);
    }

    public ChatRequest withOptions(ChatOptions o) {
        return new ChatRequest(messages, tools, model, o);
    }
}
