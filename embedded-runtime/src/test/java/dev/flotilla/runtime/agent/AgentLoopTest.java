package dev.flotilla.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.resilience.ModelRetry;
import dev.flotilla.runtime.tool.ToolRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentLoopTest {

    /** Plays back a script of answers and faults, recording what it was asked. */
    static final class ScriptedModel implements ChatModel {
        final Deque<Object> script = new ArrayDeque<>();
        final List<ChatRequest> requests = new ArrayList<>();

        ScriptedModel then(Object answerOrFault) {
            script.add(answerOrFault);
            return this;
        }

        @Override public String name() { return "scripted"; }

        @Override
        public ChatResponse chat(ChatRequest request) throws ModelException {
            requests.add(request);
            Object next = script.removeFirst();
            if (next instanceof ModelException e) throw e;
            return (ChatResponse) next;
        }
    }

    private static ChatResponse toolCall(String tool) {
        return new ChatResponse("", List.of(new ChatResponse.ToolCall(tool, "{}")), 10, 2);
    }

    private static ChatResponse answer(String text) {
        return new ChatResponse(text, List.of(), 20, 5);
    }

    private static final ModelException RATE_LIMITED =
            new ModelException(ModelException.Kind.RATE_LIMITED, "429", Duration.ofMillis(1));

    private final AgentDefinition assistant = AgentDefinition.assistant(1);

    private AgentLoop loop(ChatModel model) {
        return new AgentLoop(model, ToolRegistry.builtIn(Clock.systemUTC()), new ModelRetry(3, Duration.ofMillis(1)));
    }

    @Test
    void toolStepsAreNotCountedAsAttemptsButRetriesAre() throws Exception {
        ScriptedModel model = new ScriptedModel().then(RATE_LIMITED).then(toolCall("word_count")).then(answer("three words"));
        AgentLoop.Result r = loop(model).run(assistant, "r1", "one two three", List.of(), new RunHandle("r1"));
        assertThat(r.output()).isEqualTo("three words");
        assertThat(r.attempts()).isEqualTo(2); // one retry
        assertThat(r.promptTokens()).isEqualTo(30);
        assertThat(r.completionTokens()).isEqualTo(7);
        ChatRequest last = model.requests.getLast();
        assertThat(last.messages().getLast().role()).isEqualTo(ChatMessage.Role.TOOL);
        assertThat(last.messages().getLast().content()).isEqualTo("3 words");
    }

    @Test
    void aToolTheAgentMayNotUseIsRefusedWhateverTheModelAsks() throws Exception {
        ScriptedModel model = new ScriptedModel().then(toolCall("delete_everything")).then(answer("ok"));
        loop(model).run(assistant, "r2", "hi", List.of(), new RunHandle("r2"));
        assertThat(model.requests.getLast().messages().getLast().content()).startsWith("refused:");
    }

    @Test
    void aRunThatKeepsFailingReportsTheFaultAndItsAttempts() {
        ScriptedModel model = new ScriptedModel().then(RATE_LIMITED).then(RATE_LIMITED).then(RATE_LIMITED);
        AgentLoop.Failure f = catchThrowableOfType(AgentLoop.Failure.class,
                () -> loop(model).run(assistant, "r3", "hi", List.of(), new RunHandle("r3")));
        assertThat(f.code()).isEqualTo("model_rate_limited");
        assertThat(f.attempts()).isEqualTo(3);
    }

    @Test
    void theLoopStopsAfterItsStepBudget() {
        ScriptedModel model = new ScriptedModel();
        for (int i = 0; i < assistant.maxSteps(); i++) model.then(toolCall("clock"));
        AgentLoop.Failure f = catchThrowableOfType(AgentLoop.Failure.class,
                () -> loop(model).run(assistant, "r4", "hi", List.of(), new RunHandle("r4")));
        assertThat(f.getMessage()).contains(assistant.maxSteps() + " steps");
        assertThat(f.attempts()).isEqualTo(1);
    }
}
