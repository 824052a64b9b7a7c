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
import dev.flotilla.runtime.run.RunTimeline;
import dev.flotilla.runtime.support.CallHarness;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryTest {

    /** Always draws the top of the range, so the jittered wait equals its ceiling. */
    static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override public long nextLong() { return Long.MAX_VALUE; }
        @Override public long nextLong(long bound) { return bound - 1; }
    };

    final CallHarness h = new CallHarness();

    @Test
    void aRetryWaitsExactlyTheRetryAfterTheProviderAskedFor() throws Exception {
        h.sim.on("primary", new ModelException(ModelException.Kind.RATE_LIMITED, "429", Duration.ofMillis(1500)), OK);
        CallHarness.Pipeline p = h.pipeline(CallHarness.config().build()).build();
        RunTimeline timeline = new RunTimeline();

        ModelAnswer a = p.call(h.scope(List.of(PRIMARY), Duration.ofSeconds(30), timeline, new RunHandle("r1")), request("hi"));

        assertThat(a.model()).isEqualTo(PRIMARY);
        assertThat(a.calls()).isEqualTo(2);
        assertThat(h.slept).containsExactly(Duration.ofMillis(1500));
        RuntimeEvent.ModelRetried retried = h.events(RuntimeEvent.ModelRetried.class).getFirst();
        assertThat(retried.waitMs()).isEqualTo(1500);
        assertThat(retried.errorCode()).isEqualTo("model_rate_limited");
        assertThat(retried.attempt()).isEqualTo(1);
        assertThat(retried.provider()).isEqualTo("sim");
        assertThat(retried.model()).isEqualTo("primary");
        assertThat(timeline.entries()).extracting(RunTimeline.Entry::kind).containsExactly("attempt", "retry", "attempt");
        assertThat(timeline.entries().get(1).durationMs()).isEqualTo(1500L);
        assertThat(timeline.entries().get(1).model()).isEqualTo("sim/primary");
        assertThat(p.snapshot().retries()).isEqualTo(1);
    }

    @Test
    void withoutRetryAfterTheWaitIsFullJitterBelowTheDoublingCeiling() throws Exception {
        h.sim.on("primary", fault(ModelException.Kind.SERVER_ERROR), fault(ModelException.Kind.SERVER_ERROR),
                fault(ModelException.Kind.SERVER_ERROR), OK);
        CallHarness.Pipeline p = h.pipeline(CallHarness.config().maxAttempts(4).build()).random(HIGHEST).build();

        p.call(h.scope(List.of(PRIMARY), Duration.ofSeconds(30)), request("hi"));

        // the highest draw of [0, 100 * 2^(n-1)] ms: 100, 200, 400
        assertThat(h.slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void badRequestsAndUnauthorizedCallsAreNeverRetried() {
        for (ModelException.Kind kind : List.of(ModelException.Kind.BAD_REQUEST, ModelException.Kind.UNAUTHORIZED)) {
            CallHarness fresh = new CallHarness();
            fresh.sim.on("primary", fault(kind));
            CallHarness.Pipeline p = fresh.pipeline(CallHarness.config().maxAttempts(5).build()).build();

            ModelUnavailableException e = catchThrowableOfType(ModelUnavailableException.class,
                    () -> p.call(fresh.scope(List.of(PRIMARY), Duration.ofSeconds(30)), request("hi")));

            assertThat(fresh.sim.calls("primary")).as(kind.name()).isEqualTo(1);
            assertThat(fresh.slept).isEmpty();
            assertThat(fresh.events(RuntimeEvent.ModelRetried.class)).isEmpty();
            assertThat(e.code()).isEqualTo("model_unavailable");
            assertThat(e.getMessage()).contains("sim/primary (model_" + kind.name().toLowerCase() + ")");
        }
    }

    @Test
    void retriesStopAtMaxAttempts() {
        h.sim.on("primary", fault(ModelException.Kind.SERVER_ERROR));
        CallHarness.Pipeline p = h.pipeline(CallHarness.config().maxAttempts(3).build()).build();

        ModelUnavailableException e = catchThrowableOfType(ModelUnavailableException.class,
                () -> p.call(h.scope(List.of(PRIMARY), Duration.ofSeconds(30)), request("hi")));

        assertThat(h.sim.calls("primary")).isEqualTo(3);
        assertThat(h.slept).hasSize(2);
        assertThat(e.calls()).isEqualTo(3);
        assertThat(e.getMessage()).contains("model_server_error after 3 attempts");
    }

    @Test
    void retriesStopAtTheDeadlineWithoutSleepingPastIt() {
        h.sim.on("primary", fault(ModelException.Kind.SERVER_ERROR));
        CallHarness.Pipeline p = h.pipeline(CallHarness.config().maxAttempts(10).backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).build())
                .random(HIGHEST).build();
        Instant deadline = CallHarness.T0.plusMillis(2500);

        ModelUnavailableException e = catchThrowableOfType(ModelUnavailableException.class,
                () -> p.call(h.scope(List.of(PRIMARY), Duration.ofMillis(2500)), request("hi")));

        // 0 s fail, wait 1 s, fail, wait 1 s, fail: a third 1 s wait would end after the deadline
        assertThat(h.sim.calls("primary")).isEqualTo(3);
        assertThat(h.slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(h.clock.instant()).isBefore(deadline);
        assertThat(e.getMessage()).contains("would pass the deadline");
    }

    @Test
    void aRetryAfterLongerThanTheTimeLeftFallsBackInsteadOfWaiting() throws Exception {
        h.sim.on("primary", new ModelException(ModelException.Kind.RATE_LIMITED, "429", Duration.ofSeconds(60)));
        h.sim.on("fallback", OK);
        CallHarness.Pipeline p = h.pipeline(CallHarness.config().build()).build();

        ModelAnswer a = p.call(h.scope(List.of(PRIMARY, FALLBACK), Duration.ofSeconds(10)), request("hi"));

        assertThat(h.slept).isEmpty();
        assertThat(a.model()).isEqualTo(FALLBACK);
        assertThat(a.fallbackReason()).startsWith("model_rate_limited after 1 attempt").contains("60000 ms would pass the deadline");
    }

    @Test
    void aDeadlineThatHasPassedEndsTheChainAsARunTimeout() {
        h.sim.on("primary", OK);
        CallHarness.Pipeline p = h.pipeline(CallHarness.config().build()).build();
        CallHarness.Scope scope = h.scope(List.of(PRIMARY, FALLBACK), Duration.ofSeconds(1));
        h.clock.advance(Duration.ofSeconds(2));

        ModelUnavailableException e = catchThrowableOfType(ModelUnavailableException.class, () -> p.call(scope, request("hi")));

        assertThat(e.code()).isEqualTo("run_timeout");
        assertThat(h.sim.calls("primary")).isZero();
        assertThat(e.getMessage()).contains("deadline").contains("not tried: sim/fallback");
    }
}
