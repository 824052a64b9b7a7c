package dev.flotilla.runtime.resilience;

import static dev.flotilla.runtime.support.CallHarness.PRIMARY;
import static dev.flotilla.runtime.support.CallHarness.request;
import static dev.flotilla.runtime.support.ScriptedProvider.OK;
import static dev.flotilla.runtime.support.ScriptedProvider.fault;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flotilla.runtime.agent.RunHandle;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.run.RunTimeline;
import dev.flotilla.runtime.support.CallHarness;
import dev.flotilla.runtime.support.ScriptedProvider;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreakerTest {

    static final ModelException DOWN = fault(ModelException.Kind.SERVER_ERROR);

    final CallHarness h = new CallHarness();

    /** No retries, so each call is one breaker sample; a window of 4 calls judged from the 4th; 2 probes when half-open. */
    final CallHarness.Pipeline pipeline = h.pipeline(CallHarness.config().maxAttempts(1)
            .breakerWindow(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, 4)
            .breakerMinimumCalls(4).failureRateThreshold(50).slowCalls(50, Duration.ofSeconds(5))
            .openWait(Duration.ofSeconds(30)).halfOpenCalls(2).build()).build();

    @Test
    void theBreakerOpensAtItsFailureRateAndThenFailsFastWithoutCalling() {
        h.sim.on("primary", OK, OK, DOWN, DOWN, OK);
        for (int i = 0; i < 3; i++) call();
        assertThat(breaker().state()).isEqualTo("closed");
        assertThat(breaker().failureRate()).isEqualTo(-1); // 3 calls: too few to judge
        call(); // 2 of 4 failed: 50 %

        assertThat(breaker().state()).isEqualTo("open");
        assertThat(breaker().failureRate()).isEqualTo(50.0);
        assertThat(transitions()).containsExactly("closed>open");

        RunTimeline timeline = new RunTimeline();
        ModelUnavailableException e = catchThrowableOfType(ModelUnavailableException.class,
                () -> pipeline.call(h.scope(List.of(PRIMARY), Duration.ofSeconds(30), timeline, new RunHandle("r2")), request("hi")));
        assertThat(h.sim.calls("primary")).isEqualTo(4); // failed fast: not called
        assertThat(e.getMessage()).contains("sim/primary (breaker_open)");
        assertThat(e.calls()).isZero();
        assertThat(timeline.entries()).extracting(RunTimeline.Entry::kind).containsExactly("breaker_open");
    }

    @Test
    void afterItsWaitTheBreakerLetsProbesThroughAndClosesWhenTheySucceed() {
        tripOpen();
        h.clock.advance(Duration.ofSeconds(29));
        call();
        assertThat(h.sim.calls("primary")).isEqualTo(4); // still open before the wait is over

        h.clock.advance(Duration.ofSeconds(2));
        h.sim.on("primary", OK, OK);
        call();
        assertThat(breaker().state()).isEqualTo("half_open");
        call();

        assertThat(h.sim.calls("primary")).isEqualTo(6);
        assertThat(breaker().state()).isEqualTo("closed");
        assertThat(transitions()).containsExactly("closed>open", "open>half_open", "half_open>closed");
    }

    @Test
    void aFailedProbeOpensTheBreakerAgain() {
        tripOpen();
        h.clock.advance(Duration.ofSeconds(31));
        h.sim.on("primary", DOWN, DOWN);
        call();
        call();

        assertThat(breaker().state()).isEqualTo("open");
        assertThat(transitions()).containsExactly("closed>open", "open>half_open", "half_open>open");
        call();
        assertThat(h.sim.calls("primary")).isEqualTo(6); // open again: the third call never went out
    }

    @Test
    void theBreakerAlsoOpensWhenTooManyCallsAreSlow() {
        // each call answers, but takes 6 s on the test clock (slow is over 5 s)
        h.sim.on("primary", (ScriptedProvider.Step) req -> {
            h.clock.advance(Duration.ofSeconds(6));
            return OK;
        });
        for (int i = 0; i < 4; i++) call();

        assertThat(breaker().state()).isEqualTo("open");
        assertThat(breaker().slowCallRate()).isEqualTo(100.0);
        assertThat(breaker().failureRate()).isEqualTo(0.0);
        assertThat(transitions()).containsExactly("closed>open");
    }

    @Test
    void badRequestsAndRateLimitsDoNotCountAgainstTheModel() {
        h.sim.on("primary", fault(ModelException.Kind.BAD_REQUEST), fault(ModelException.Kind.UNAUTHORIZED),
                fault(ModelException.Kind.RATE_LIMITED), fault(ModelException.Kind.BAD_REQUEST),
                fault(ModelException.Kind.BAD_REQUEST), fault(ModelException.Kind.BAD_REQUEST));
        for (int i = 0; i < 6; i++) call();

        assertThat(h.sim.calls("primary")).isEqualTo(6);
        assertThat(breaker().state()).isEqualTo("closed");
        assertThat(breaker().calls()).isZero();
        assertThat(transitions()).isEmpty();
    }

    @Test
    void transitionsAreTypedEventsNamingProviderAndModel() {
        tripOpen();
        RuntimeEvent.BreakerChanged e = h.events(RuntimeEvent.BreakerChanged.class).getFirst();
        assertThat(e.type()).isEqualTo("breaker.changed");
        assertThat(e.node()).isEqualTo("n1");
        assertThat(e.provider()).isEqualTo("sim");
        assertThat(e.model()).isEqualTo("primary");
        assertThat(e.time()).isEqualTo(h.clock.instant());
    }

    private void tripOpen() {
        h.sim.on("primary", DOWN);
        for (int i = 0; i < 4; i++) call();
        assertThat(breaker().state()).isEqualTo("open");
    }

    private void call() {
        try {
            pipeline.call(h.scope(List.of(PRIMARY), Duration.ofSeconds(30)), request("hi"));
        } catch (ModelUnavailableException expected) {
            // the outcome shows in the breaker
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private ResilienceSnapshot.Breaker breaker() {
        return pipeline.snapshot().breakers().stream().filter(b -> b.model().equals("primary")).findFirst().orElseThrow();
    }

    private List<String> transitions() {
        return h.events(RuntimeEvent.BreakerChanged.class).stream().map(e -> e.from() + ">" + e.to()).toList();
    }
}
