package dev.flotilla.runtime.model;

import java.util.List;

/** A model's answer: text, or tool calls to make before asking again. */
public record ChatResponse(String content, List<ToolCall> toolCalls, int promptTokens, int completionTokens) {

    public record ToolCall(String name, String arguments) {}

    public ChatResponse {
        toolCalls = List.copyOf(toolCalls);
    }

    public boolean wantsTools() {
        return !toolCalls.isEmpty();
    }
}
