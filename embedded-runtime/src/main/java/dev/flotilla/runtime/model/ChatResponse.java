package dev.flotilla.runtime.model;

import java.util.List;

/**
 * A model's answer: text, or tool calls to make before asking again, and the tokens it took.
 * {@code promptTokens} counts all input, cached included; {@code cachedInputTokens} is the part read
 * from the provider's prompt cache (OpenAI {@code cached_tokens}, Anthropic
 * {@code cache_read_input_tokens}), {@code cacheWriteTokens} the part written to it (Anthropic
 * {@code cache_creation_input_tokens}); {@code reasoningTokens} is the part of
 * {@code completionTokens} spent thinking (OpenAI {@code reasoning_tokens}).
 */
public record ChatResponse(String content, List<ToolCall> toolCalls, int promptTokens, int completionTokens,
                           int cachedInputTokens, int reasoningTokens, int cacheWriteTokens) {

    /** One call the model asked for; {@code id} pairs it with its result (null from models that give none). */
    public record ToolCall(String id, String name, String arguments) {
        public ToolCall(String name, String arguments) {
            this(null, name, arguments);
        }
    }

    public ChatResponse {
        toolCalls = List.copyOf(toolCalls);
    }

    public ChatResponse(String content, List<ToolCall> toolCalls, int promptTokens, int completionTokens) {
        this(content, toolCalls, promptTokens, completionTokens, 0, 0, 0);
    }

    /** An answer with cached input and reasoning tokens, no cache writes. */
    public ChatResponse(String content, List<ToolCall> toolCalls, int promptTokens, int completionTokens,
                        int cachedInputTokens, int reasoningTokens) {
        this(content, toolCalls, promptTokens, completionTokens, cachedInputTokens, reasoningTokens, 0);
    }

    public boolean wantsTools() {
        return !toolCalls.isEmpty();
    }
}
