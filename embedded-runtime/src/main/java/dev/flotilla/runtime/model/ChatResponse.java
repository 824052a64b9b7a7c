package dev.flotilla.runtime.model;

import java.util.List;

/**
 * A model's answer: text, or tool calls to make before asking again. {@code cachedInputTokens} are
 * the part of {@code promptTokens} the provider served from its prompt cache, {@code reasoningTokens}
 * the part of {@code completionTokens} spent reasoning (0 where a provider reports none).
 */
public record ChatResponse(String content, List<ToolCall> toolCalls, int promptTokens, int completionTokens,
                           int cachedInputTokens, int reasoningTokens) {

    public record ToolCall(String name, String arguments) {}

    public ChatResponse {
        toolCalls = List.copyOf(toolCalls);
    }

    /** An answer without cached input or reasoning tokens. */
    public ChatResponse(String content, List<ToolCall> toolCalls, int promptTokens, int completionTokens) {
        this(content, toolCalls, promptTokens, completionTokens, 0, 0);
    }

    public boolean wantsTools() {
        return !toolCalls.isEmpty();
    }
}
