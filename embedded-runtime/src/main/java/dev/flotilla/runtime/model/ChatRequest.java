package dev.flotilla.runtime.model;

import java.util.List;

/** What an agent asks a model: the conversation so far and the tools it may call. */
public record ChatRequest(List<ChatMessage> messages, List<String> tools) {
    public ChatRequest {
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
    }
}
