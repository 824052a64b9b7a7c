package dev.flotilla.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimulatedToolMarkerTest {

    private static ChatRequest asking(String input, List<String> offered) {
        return new ChatRequest(List.of(ChatMessage.system("s"), ChatMessage.user(input)), offered);
    }

    private final SimulatedChatModel model = new SimulatedChatModel(
            SimulatedModelConfig.defaults().withErrorRate(0).withToolCallRate(0), d -> { }, new Random(1));

    @Test
    void aToolMarkerAsksForThatToolEvenWhenItWasNotOffered() throws Exception {
        ChatResponse r = model.chat(asking("please [tool:delete_files] now", List.of()));
        assertThat(r.toolCalls()).containsExactly(new ChatResponse.ToolCall("delete_files", "{}"));
    }

    @Test
    void aToolMarkerMayCarryJsonArgumentsWithBracketsAndBracesInStrings() throws Exception {
        ChatResponse r = model.chat(asking("x [tool:clock {\"tz\": \"Mars]}\", \"n\": [1, 2]}] y", List.of("clock")));
        assertThat(r.toolCalls()).containsExactly(new ChatResponse.ToolCall("clock", "{\"tz\": \"Mars]}\", \"n\": [1, 2]}"));
    }

    @Test
    void aBrokenMarkerAsksForNothingAndOnceTheToolAnsweredTheModelReplies() throws Exception {
        assertThat(model.chat(asking("[tool:] [tool:clock {\"tz\": 1] [tool:", List.of())).wantsTools()).isFalse();
        ChatRequest answered = new ChatRequest(List.of(ChatMessage.user("[tool:clock]"), ChatMessage.assistant("call clock {}"),
                ChatMessage.tool("refused: no")), List.of());
        ChatResponse r = model.chat(answered);
        assertThat(r.wantsTools()).isFalse();
        assertThat(r.content()).contains("A tool answered: refused: no");
    }
}
