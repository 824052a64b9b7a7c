package dev.flotilla.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimulatedChatModelTest {

    final List<Duration> slept = new ArrayList<>();
    final SimulatedChatModel.Sleeper recorder = slept::add;

    @Test
    void repliesFromTheConversationWithTokenCountsFromTheText() throws Exception {
        var model = new SimulatedChatModel(SimulatedModelConfig.defaults().withErrorRate(0).withToolCallRate(0), recorder, new Random(1));
        var request = new ChatRequest(List.of(ChatMessage.user("first thing"), ChatMessage.assistant("ok"), ChatMessage.user("second thing")), List.of());
        ChatResponse r = model.chat(request);
        assertThat(r.content()).startsWith("[simulated]").contains("second thing").contains("first thing");
        assertThat(r.completionTokens()).isEqualTo(Tokens.estimate(r.content()));
        assertThat(r.promptTokens()).isEqualTo(Tokens.estimate(request.messages()));
        assertThat(model.simulated()).isTrue();
    }

    @Test
    void theEnvironmentSetsLatencySpreadAndErrorRate() {
        var cfg = SimulatedModelConfig.fromEnvironment(java.util.Map.of(
                "FLOTILLA_SIM_LATENCY_MS", "75", "FLOTILLA_SIM_LATENCY_SPREAD", "0", "FLOTILLA_SIM_ERROR_RATE", "0.25"));
        assertThat(cfg.medianLatency()).isEqualTo(Duration.ofMillis(75));
        assertThat(cfg.latencySpread()).isZero();
        assertThat(cfg.errorRate()).isEqualTo(0.25);
        assertThat(SimulatedModelConfig.fromEnvironment(java.util.Map.of())).isEqualTo(SimulatedModelConfig.defaults());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatedModelConfig.fromEnvironment(
                java.util.Map.of("FLOTILLA_SIM_ERROR_RATE", "lots"))).hasMessageContaining("FLOTILLA_SIM_ERROR_RATE");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatedModelConfig.fromEnvironment(
                java.util.Map.of("FLOTILLA_SIM_ERROR_RATE", "2"))).hasMessageContaining("errorRate");
    }

    @Test
    void latencyFollowsTheConfiguredMedian() throws Exception {
        var cfg = SimulatedModelConfig.defaults().withErrorRate(0).withToolCallRate(0)
                .withMedianLatency(Duration.ofMillis(250)).withLatencySpread(0);
        var model = new SimulatedChatModel(cfg, recorder, new Random(2));
        model.chat(new ChatRequest(List.of(ChatMessage.user("x")), List.of()));
        assertThat(slept).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void injectsEveryKindOfFaultAtTheErrorRate() {
        var cfg = SimulatedModelConfig.defaults().withErrorRate(1.0).withTimeout(Duration.ofSeconds(3));
        var model = new SimulatedChatModel(cfg, recorder, new Random(3));
        EnumSet<ModelException.Kind> seen = EnumSet.noneOf(ModelException.Kind.class);
        for (int i = 0; i < 200; i++) {
            ModelException e = catchThrowableOfType(ModelException.class,
                    () -> model.chat(new ChatRequest(List.of(ChatMessage.user("x")), List.of())));
            seen.add(e.kind());
            if (e.kind() == ModelException.Kind.RATE_LIMITED) assertThat(e.retryAfter()).isNotNull();
        }
        assertThat(seen).containsExactlyInAnyOrder(ModelException.Kind.RATE_LIMITED, ModelException.Kind.SERVER_ERROR,
                ModelException.Kind.TIMEOUT, ModelException.Kind.CONNECTION_RESET, ModelException.Kind.MALFORMED);
        assertThat(seen).allMatch(ModelException.Kind::retryable); // random faults never include 400 or 401
        assertThat(slept).contains(Duration.ofSeconds(3)); // a timeout waits its timeout out
    }

    @Test
    void asksForToolsItIsOfferedAndAnswersAfterTheToolReplies() throws Exception {
        var cfg = SimulatedModelConfig.defaults().withErrorRate(0).withToolCallRate(1.0);
        var model = new SimulatedChatModel(cfg, recorder, new Random(4));
        ChatResponse call = model.chat(new ChatRequest(List.of(ChatMessage.user("what time is it")), List.of("clock")));
        assertThat(call.toolCalls()).extracting(ChatResponse.ToolCall::name).containsExactly("clock");
        ChatResponse answer = model.chat(new ChatRequest(List.of(ChatMessage.user("what time is it"),
                ChatMessage.assistant("call clock {}"), ChatMessage.tool("12:00")), List.of("clock")));
        assertThat(answer.wantsTools()).isFalse();
        assertThat(answer.content()).contains("12:00");
    }

    @Test
    void asksForTheToolTheInputNamesThenAnswersWithItsResult() throws Exception {
        var model = new SimulatedChatModel(SimulatedModelConfig.defaults().withErrorRate(0).withToolCallRate(0), recorder, new Random(6));
        List<String> offered = List.of("clock", "word_count");
        ChatResponse call = model.chat(new ChatRequest(List.of(ChatMessage.user("please do a Word Count of this")), offered));
        assertThat(call.toolCalls()).extracting(ChatResponse.ToolCall::name).containsExactly("word_count");
        assertThat(model.chat(new ChatRequest(List.of(ChatMessage.user("what does the clock say?")), offered)).toolCalls())
                .extracting(ChatResponse.ToolCall::name).containsExactly("clock");
        // a tool it is not offered, or none named: no tool call (the rate is 0 here)
        assertThat(model.chat(new ChatRequest(List.of(ChatMessage.user("what does the clock say?")), List.of("word_count"))).wantsTools()).isFalse();
        assertThat(model.chat(new ChatRequest(List.of(ChatMessage.user("hello")), offered)).wantsTools()).isFalse();
        ChatResponse answer = model.chat(new ChatRequest(List.of(ChatMessage.user("please do a word count of this"),
                ChatMessage.assistant("call word_count {}"), ChatMessage.tool("7 words")), offered));
        assertThat(answer.wantsTools()).isFalse();
        assertThat(answer.content()).contains("7 words");
    }

    @Test
    void aMarkerInTheInputAsksForAFaultOfEveryModelOrOfOne() throws Exception {
        var model = new SimulatedChatModel(SimulatedModelConfig.defaults().withErrorRate(0).withToolCallRate(0), recorder, new Random(5));
        java.util.Map<String, ModelException.Kind> codes = java.util.Map.of("400", ModelException.Kind.BAD_REQUEST,
                "401", ModelException.Kind.UNAUTHORIZED, "429", ModelException.Kind.RATE_LIMITED, "500", ModelException.Kind.SERVER_ERROR,
                "timeout", ModelException.Kind.TIMEOUT, "reset", ModelException.Kind.CONNECTION_RESET, "malformed", ModelException.Kind.MALFORMED);
        codes.forEach((code, kind) -> {
            ModelException e = catchThrowableOfType(ModelException.class,
                    () -> model.chat(new ChatRequest(List.of(ChatMessage.user("hi [fail:" + code + "]")), List.of(), "any")));
            assertThat(e.kind()).as(code).isEqualTo(kind);
        });
        var scoped = new ChatRequest(List.of(ChatMessage.user("hi [fail@primary:500]")), List.of());
        assertThat(catchThrowableOfType(ModelException.class, () -> model.chat(scoped.withModel("primary"))).kind())
                .isEqualTo(ModelException.Kind.SERVER_ERROR);
        assertThat(model.chat(scoped.withModel("fallback")).content()).startsWith("[simulated]");
        // only the latest user message counts: an old marker in the history does not fail the next turn
        assertThat(model.chat(new ChatRequest(List.of(ChatMessage.user("[fail:500]"), ChatMessage.assistant("x"),
                ChatMessage.user("fine now")), List.of(), "primary")).content()).contains("fine now");
    }

    @Test
    void eachModelMayHaveItsOwnBehaviour() throws Exception {
        var base = SimulatedModelConfig.defaults().withErrorRate(0).withToolCallRate(0).withLatencySpread(0);
        var model = new SimulatedChatModel(base, recorder, new Random(6))
                .withModel("primary", base.withErrorRate(1.0).withTimeout(Duration.ofMillis(5)));
        var request = new ChatRequest(List.of(ChatMessage.user("x")), List.of());
        for (int i = 0; i < 20; i++) {
            int n = i;
            assertThat(catchThrowableOfType(ModelException.class, () -> model.chat(request.withModel("primary")))).as("call %d", n).isNotNull();
        }
        assertThat(model.chat(request.withModel("fallback")).content()).startsWith("[simulated]");
        assertThat(model.chat(request).content()).startsWith("[simulated]"); // no model named: the default behaviour
        assertThat(model.config("primary").errorRate()).isEqualTo(1.0);
        assertThat(model.config("other")).isEqualTo(base);
    }
}
