package dev.flotilla.runtime.model;

import java.util.List;

/** Token estimates for models that do not report usage: about four characters a token. */
public final class Tokens {
    private Tokens() {}

    public static int estimate(String text) {
        if (text == null || text.isEmpty()) return 0;
        return Math.max(1, (text.length() + 3) / 4);
    }

    public static int estimate(List<ChatMessage> messages) {
        int total = 0;
        for (ChatMessage m : messages) {
            total += 4 + estimate(m.content()); // per-message framing
            for (ChatResponse.ToolCall c : m.toolCalls()) total += estimate("call " + c.name() + " " + c.arguments());
        }
        return total;
    }
}
