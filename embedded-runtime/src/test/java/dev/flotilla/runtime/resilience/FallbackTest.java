package dev.flotilla.runtime.resilience;

import static dev.flotilla.runtime.support.CallHarness.FALLBACK;
import static dev.flotilla.runtime.support.CallHarness.PRIMARY;
import static dev.flotilla.runtime.support.CallHarness.request;
import static dev.flotilla.runtime.support.ScriptedProvider.OK;
import static dev.flotilla.runtime.support.ScriptedProvider.fault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flotilla.runtime.agent.RunHandle;
import dev.flotilla.runtime.kernel.ModelAnswer;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.run.RunTimeline;
import dev.flotilla.runtime.support.CallHarness;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FallbackTest {

    static final List<ModelRef> CHAIN = List.of(PRIMARY, FALLBACK);

    final CallHarness h = new CallHarness();
    final CallHarness.Pipeline pipeline = h.pipeline(CallHarness.config().maxAttempts(3)
            .breakerWindow(SlidingWindowType.COUNT_BASED, 4).breakerMinimumCalls(4).build()).build();

    @Test
    void theFallbackAnswersWhileThePrimarysBreakerIsOpen() throws Exception {
        h.sim.on("primary", fault(ModelException.Kind.SERVER_ERROR));
        h.sim.on("fallback", OK);
        pipeline.call(h.scope(CHAIN, Duration.ofSeconds(60)), request("one")); // 3 failed calls
        pipeline.call(h.scope(CHAIN, Duration.ofSeconds(60)), request("two")); // the 4th opens the breaker
        assertThat(h.sim.calls("primary")).isEqualTo(4);
        h.events.clear();

        RunTimeline timeline = new RunTimeline();
        ModelAnswer a = pipeline.call(h.scope(CHAIN, Duration.ofSeconds(60), timeline, new RunHandle("r3")), request("three"));

        assertThat(h.sim.calls("primary")).isEqualTo(4); // open: not called
        assertThat(a.response()).isSameAs(OK);
        assertThat(a.model()).isEqualTo(FALLBACK);
        assertThat(a.fallbackReason()).isEqualTo("breaker_open");
        assertThat(a.calls()).isEqualTo(1);
        RuntimeEvent.FallbackTaken e = h.events(RuntimeEvent.FallbackTaken.class).getFirst();
        assertThat(e.runId()).isEqualTo("r3");
        assertThat(e.agent()).isEqualTo("assistant");
        assertThat(e.from()).isEqualTo("sim/primary");
        assertThat(e.to()).isEqualTo("sim/fallback");
        assertThat(e.reason()).isEqualTo("breaker_open");
        assertThat(timeline.entries()).extracting(RunTimeline.Entry::kind).containsExactly("breaker_open", "fallback", "attempt");
        assertThat(timeline.entries()).extracting(RunTimeline.Entry::model).containsExactly("sim/primary", "sim/fallback", "sim/fallback");
        assertThat(pipeline.snapshot().fallbacks()).isEqualTo(3);
    }

    @Test
    void aFallbackAfterRetriesSaysWhatFailedAndHowOften() throws Exception {
        h.sim.on("primary", fault(ModelException.Kind.TIMEOUT));
        h.sim.on("fallback", OK);

        ModelAnswer a = pipeline.call(h.scope(CHAIN, Duration.ofSeconds(60)), request("hi"));

        assertThat(a.model()).isEqualTo(FALLBACK);
        assertThat(a.fallbackReason()).isEqualTo("model_timeout after 3 attempts");
        assertThat(a.calls()).isEqualTo(4);
    }

    @Test
    void thePrimaryAnsweringLeavesNoFallbackReason() throws Exception {
        h.sim.on("primary", OK);
        ModelAnswer a = pipeline.call(h.scope(CHAIN, Duration.ofSeconds(60)), request("hi"));
        assertThat(a.model()).isEqualTo(PRIMARY);
        assertThat(a.fallbackReason()).isNull();
        assertThat(h.sim.calls("fallback")).isZero();
        assertThat(h.events(RuntimeEvent.FallbackTaken.class)).isEmpty();
    }

    @Test
    void whenEveryModelFailsTheRunGetsAGracefulFailureNamingWhatWasTried() {
        h.sim.on("primary", fault(ModelException.Kind.UNAUTHORIZED));
        h.sim.on("fallback", fault(ModelException.Kind.SERVER_ERROR));

        ModelUnavailableException e = catchThrowableOfType(ModelUnavailableException.class,
                () -> pipeline.call(h.scope(CHAIN, Duration.ofSeconds(60)), request("hi")));

        assertThat(e.code()).isEqualTo("model_unavailable");
        assertThat(e.getMessage())
                .contains("sim/primary (model_unauthorized)")
                .contains("sim/fallback (model_server_error after 3 attempts)")
                .contains("Retry the run later");
        assertThat(e.calls()).isEqualTo(4);
    }

    @Test
    void severalFallbacksKeepEachReason() throws Exception {
        ModelRef third = ModelRef.parse("sim/third");
        h.sim.on("primary", fault(ModelException.Kind.BAD_REQUEST));
        h.sim.on("fallback", fault(ModelException.Kind.UNAUTHORIZED));
        h.sim.on("third", OK);

        ModelAnswer a = pipeline.call(h.scope(List.of(PRIMARY, FALLBACK, third), Duration.ofSeconds(60)), request("hi"));

        assertThat(a.model()).isEqualTo(third);
        assertThat(a.fallbackReason()).isEqualTo("sim/primary (model_bad_request); sim/fallback (model_unauthorized)");
    }
}
