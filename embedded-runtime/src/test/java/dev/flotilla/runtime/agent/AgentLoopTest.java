package dev.flotilla.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.Kernel;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.kernel.RunCall;
import dev.flotilla.runtime.kernel.RunFailedException;
import dev.flotilla.runtime.kernel.RunResult;
import dev.flotilla.runtime.kernel.RunScope;
import dev.flotilla.runtime.kernel.ToolCallInterceptor;
import dev.flotilla.runtime.kernel.ToolResult;
import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.resilience.ResilienceConfig;
import dev.flotilla.runtime.resilience.ResilienceModule;
import dev.flotilla.runtime.run.RunTimeline;
import dev.flotilla.runtime.support.Modules;
import dev.flotilla.runtime.support.ScriptedProvider;
import dev.flotilla.runtime.tool.Tool;
import dev.flotilla.runtime.tool.ToolRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /** The kernel as a node builds it for model calls: the resilience module's interceptors. */
    private static Kernel kernel() {
        return Kernel.builder().sleeper(d -> { }).module(ResilienceModule.of(ResilienceConfig.defaults())).build();
    }

    private AgentLoop loop(ChatModel model) {
        return new AgentLoop(kernel(), Map.of("simulated", model), ToolRegistry.builtIn(Clock.systemUTC()), Clock.systemUTC());
    }

    private static Tool tool(String name, java.util.function.Function<Tool.ToolContext, String> body) {
        return new Tool() {
            @Override public String name() { return name; }

            @Override public String description() { return "a test tool"; }

            @Override public String call(String argumentsJson, ToolContext context) { return body.apply(context); }
        };
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
    void everyToolCallIsAStepOfTheTimelineWithItsNameOutcomeAndDuration() throws Exception {
        ScriptedModel model = new ScriptedModel().then(toolCall("word_count")).then(toolCall("delete_everything")).then(answer("done"));
        RunTimeline timeline = new RunTimeline();

        loop(model).run(assistant, call("r6", "one two three", timeline));

        // the second and third rounds of attempts follow a tool step that says why
        assertThat(timeline.entries()).extracting(RunTimeline.Entry::kind).containsExactly("attempt", "tool", "attempt", "tool", "attempt");
        RunTimeline.Entry counted = timeline.entries().get(1);
        assertThat(counted.tool()).isEqualTo("word_count");
        assertThat(counted.outcome()).isEqualTo("ok");
        assertThat(counted.durationMs()).isNotNull().isNotNegative();
        assertThat(counted.detail()).isNull();
        assertThat(counted.model()).isNull();
        RunTimeline.Entry refused = timeline.entries().get(3);
        assertThat(refused.tool()).isEqualTo("delete_everything");
        assertThat(refused.outcome()).isEqualTo("refused");
        assertThat(refused.detail()).isEqualTo("tool delete_everything is not permitted for assistant");
        assertThat(Json.write(counted)).contains("\"kind\":\"tool\"", "\"tool\":\"word_count\"", "\"outcome\":\"ok\"", "\"duration_ms\":")
                .doesNotContain("\"model\"", "\"detail\"");
    }

    @Test
    void aToolThatThrowsIsAnErrorStepAndTheRuntimeFailsOnTheRunAsBefore() {
        Tool broken = tool("broken", ctx -> { throw new IllegalStateException("disk on fire"); });
        AgentDefinition agent = new AgentDefinition("assistant", "help", List.of("broken"), 4, 1,
                List.of(ModelRef.parse("simulated/only")), Duration.ofSeconds(60));
        ScriptedModel model = new ScriptedModel().then(toolCall("broken")).then(answer("never asked"));
        RunTimeline timeline = new RunTimeline();
        AgentLoop loop = new AgentLoop(kernel(), Map.of("simulated", model), new ToolRegistry().register(broken), Clock.systemUTC());

        // a failed delivery (the run goes back in line, then to the dead letters), not an answer
        assertThatThrownBy(() -> loop.run(agent, call("r7", "hi", timeline))).isInstanceOf(IllegalStateException.class);

        assertThat(model.requests).hasSize(1);
        RunTimeline.Entry step = timeline.entries().getLast();
        assertThat(step.kind()).isEqualTo("tool");
        assertThat(step.tool()).isEqualTo("broken");
        assertThat(step.outcome()).isEqualTo("error");
        assertThat(step.detail()).isEqualTo("disk on fire");
    }

    @Test
    void toolCallsGoThroughTheKernelsToolChainCarryingWhoAsked() throws Exception {
        List<Principal> seen = new CopyOnWriteArrayList<>();
        List<Principal> toolSaw = new CopyOnWriteArrayList<>();
        Tool whoami = tool("whoami", ctx -> { toolSaw.add(ctx.principal()); return ctx.principal().keyName(); });
        // a sketch of tool permissions: the user tool role may not read the clock
        Kernel kernel = Kernel.builder().sleeper(d -> { }).module(ResilienceModule.of(ResilienceConfig.defaults()))
                .module(Modules.of("permissions", ctx -> ctx.interceptToolCalls(ToolCallInterceptor.Stage.PERMIT, chain -> {
                    seen.add(chain.call().principal());
                    if (chain.call().tool().equals("clock") && chain.call().principal().toolRole().equals("user")) {
                        return ToolResult.refused("tool role user may not call clock");
                    }
                    return chain.proceed(chain.call());
                }))).build();
        AgentDefinition agent = new AgentDefinition("assistant", "help", List.of("clock", "whoami"), 4, 1,
                List.of(ModelRef.parse("simulated/only")), Duration.ofSeconds(60));
        ScriptedModel model = new ScriptedModel().then(toolCall("clock")).then(toolCall("whoami")).then(answer("done"));
        ToolRegistry tools = ToolRegistry.builtIn(Clock.systemUTC()).register(whoami);
        Principal demo = Principal.system("demo traffic");
        RunTimeline timeline = new RunTimeline();

        new AgentLoop(kernel, Map.of("simulated", model), tools, Clock.systemUTC()).run(agent,
                new RunCall(new RunScope(demo, "r8", "assistant", "hi", Instant.now().plusSeconds(60), timeline, new RunHandle("r8")), List.of()));

        assertThat(seen).containsExactly(demo, demo);
        assertThat(toolSaw).containsExactly(demo);
        assertThat(model.requests.get(1).messages().getLast().content()).isEqualTo("refused: tool role user may not call clock");
        assertThat(model.requests.get(2).messages().getLast().content()).isEqualTo("demo traffic");
        assertThat(timeline.entries()).filteredOn(e -> e.kind().equals("tool")).extracting(RunTimeline.Entry::outcome)
                .containsExactly("refused", "ok");
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
