package dev.flotilla.runtime.model;

import java.util.List;

/**
 * What an agent asks a model: the conversation so far, the tools it may call, and which of the
 * provider's models should answer ({@code null}: the provider's default).
 */
public record ChatRequest(List<ChatMessage> messages, List<String> tools, String model) {
    public ChatRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }

    public ChatRequest(List<ChatMessage> messages, List<String> tools) {
        this(messages, tools, null);
    }

    public ChatRequest withModel(String name) {
        return new ChatRequest(messages, tools, name);
    }
}
