package dev.flotilla.runtime.model;

import java.util.List;

/**
 * One turn of a conversation as a model sees it. An assistant turn that asked for tools carries
 * them ({@code toolCalls}, with the ids the provider gave them); a tool turn answers one of them
 * ({@code toolCallId}). Real providers need both to pair calls with results; the simulated one
 * reads only the text.
 */
public record ChatMessage(Role role, String content, List<ChatResponse.ToolCall> toolCalls, String toolCallId) {

    public enum Role { SYSTEM, USER, ASSISTANT, TOOL }

    public ChatMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    public ChatMessage(Role role, String content) {
        this(role, content, List.of(), null);
    }

    public static ChatMessage user(String content) { return new ChatMessage(Role.USER, content); }
    public static ChatMessage assistant(String content) { return new ChatMessage(Role.ASSISTANT, content); }
    public static ChatMessage system(String content) { return new ChatMessage(Role.SYSTEM, content); }
    public static ChatMessage tool(String content) { return new ChatMessage(Role.TOOL, content); }

    /** The assistant's turn that asked for {@code calls}; {@code content} is what it said with them (may be empty). */
    public static ChatMessage toolCalls(String content, List<ChatResponse.ToolCall> calls) {
        return new ChatMessage(Role.ASSISTANT, content, calls, null);
    }

    /** The result of the tool call {@code callId}. */
    public static ChatMessage toolResult(String callId, String content) {
        return new ChatMessage(Role.TOOL, content, List.of(), callId);
    }
}
