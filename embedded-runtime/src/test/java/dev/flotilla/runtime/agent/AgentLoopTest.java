package dev.flotilla.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flotilla.runtime.kernel.Kernel;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.kernel.RunCall;
import dev.flotilla.runtime.kernel.RunFailedException;
import dev.flotilla.runtime.kernel.RunResult;
import dev.flotilla.runtime.kernel.RunScope;
import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.resilience.ResilienceConfig;
import dev.flotilla.runtime.resilience.ResilienceModule;
import dev.flotilla.runtime.run.RunTimeline;
import dev.flotilla.runtime.support.ScriptedProvider;
import dev.flotilla.runtime.tool.ToolRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentLoopTest {

    /** Plays back one script of answers and faults whatever model is asked, recording what it was asked. */
    static final class ScriptedModel implements ChatModel {
        final Deque<Object> script = new ArrayDeque<>();
        final List<ChatRequest> requests = new ArrayList<>();

        ScriptedModel then(Object answerOrFault) {
            script.add(answerOrFault);
            return this;
        }

        @Override public String name() { return "scripted"; }

        @Override
        public synchronized ChatResponse chat(ChatRequest request) throws ModelException {
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

    /** The assistant on a chain of one model, so a script is played by that model alone. */
    private final AgentDefinition assistant = AgentDefinition.assistant(1).withModels(List.of(ModelRef.parse("simulated/only")));

    /** The agent loop as a node builds it: the resilience module's interceptors around the model calls. */
    private AgentLoop loop(ChatModel model) {
        Kernel kernel = Kernel.builder().sleeper(d -> { }).module(ResilienceModule.of(ResilienceConfig.defaults())).build();
        return new AgentLoop(kernel, Map.of("simulated", model), ToolRegistry.builtIn(Clock.systemUTC()), Clock.systemUTC());
    }

    private static RunCall call(String id, String input, RunTimeline timeline) {
        return new RunCall(new RunScope(Principal.admin("k1"), id, "assistant", input, Instant.now().plusSeconds(60), timeline,
                new RunHandle(id)), List.of());
    }

    private static RunResult run(AgentLoop loop, AgentDefinition agent, String id, String input) throws Exception {
        return loop.run(agent, call(id, input, new RunTimeline()));
    }

    @Test
    void toolStepsAreNotCountedAsAttemptsButRetriesAre() throws Exception {
        ScriptedModel model = new ScriptedModel().then(RATE_LIMITED).then(toolCall("word_count")).then(answer("three words"));
        RunResult r = run(loop(model), assistant, "r1", "one two three");
        assertThat(r.output()).isEqualTo("three words");
        assertThat(r.attempts()).isEqualTo(2); // one retry
        assertThat(r.promptTokens()).isEqualTo(30);
        assertThat(r.completionTokens()).isEqualTo(7);
        assertThat(r.model()).isEqualTo("simulated/only");
        assertThat(r.fallbackReason()).isNull();
        ChatRequest last = model.requests.getLast();
        assertThat(last.messages().getLast().role()).isEqualTo(ChatMessage.Role.TOOL);
        assertThat(last.messages().getLast().content()).isEqualTo("3 words");
        assertThat(last.model()).isEqualTo("only");
    }

    @Test
    void aToolTheAgentMayNotUseIsRefusedWhateverTheModelAsks() throws Exception {
        ScriptedModel model = new ScriptedModel().then(toolCall("delete_everything")).then(answer("ok"));
        run(loop(model), assistant, "r2", "hi");
        assertThat(model.requests.getLast().messages().getLast().content()).startsWith("refused:");
    }

    @Test
    void aRunThatKeepsFailingReportsTheFaultAndItsAttempts() {
        ScriptedModel model = new ScriptedModel().then(RATE_LIMITED).then(RATE_LIMITED).then(RATE_LIMITED);
        RunFailedException f = catchThrowableOfType(RunFailedException.class, () -> run(loop(model), assistant, "r3", "hi"));
        assertThat(f.code()).isEqualTo("model_unavailable");
        assertThat(f.getMessage()).contains("simulated/only (model_rate_limited after 3 attempts)");
        assertThat(f.attempts()).isEqualTo(3);
    }

    @Test
    void theResultNamesTheFallbackThatAnsweredAndWhy() throws Exception {
        ScriptedProvider sim = new ScriptedProvider("simulated")
                .on("primary", new ModelException(ModelException.Kind.BAD_REQUEST, "400"))
                .on("fallback", answer("from the fallback"));
        RunTimeline timeline = new RunTimeline();
        RunResult r = loop(sim).run(AgentDefinition.assistant(1), call("r5", "hi", timeline));
        assertThat(r.output()).isEqualTo("from the fallback");
        assertThat(r.model()).isEqualTo("simulated/fallback");
        assertThat(r.fallbackReason()).isEqualTo("model_bad_request");
        assertThat(r.attempts()).isEqualTo(2);
        assertThat(timeline.entries()).extracting(RunTimeline.Entry::kind).containsExactly("attempt", "fallback", "attempt");
    }

    @Test
    void theLoopStopsAfterItsStepBudget() {
        ScriptedModel model = new ScriptedModel();
        for (int i = 0; i < assistant.maxSteps(); i++) model.then(toolCall("clock"));
        RunFailedException f = catchThrowableOfType(RunFailedException.class, () -> run(loop(model), assistant, "r4", "hi"));
        assertThat(f.getMessage()).contains(assistant.maxSteps() + " steps");
        assertThat(f.attempts()).isEqualTo(1);
    }
}
