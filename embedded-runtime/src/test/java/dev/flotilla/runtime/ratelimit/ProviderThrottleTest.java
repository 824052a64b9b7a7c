package dev.flotilla.runtime.ratelimit;

import static dev.flotilla.runtime.support.CallHarness.FALLBACK;
import static dev.flotilla.runtime.support.CallHarness.PRIMARY;
import static dev.flotilla.runtime.support.CallHarness.request;
import static dev.flotilla.runtime.support.ScriptedProvider.OK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.agent.RunHandle;
import dev.flotilla.runtime.kernel.ModelAnswer;
import dev.flotilla.runtime.run.RunTimeline;
import dev.flotilla.runtime.support.CallHarness;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The provider throttle inside the resilience module's retries and fallbacks, as a node stacks them. */
class ProviderThrottleTest {

    /** A fake budget: plays back decisions, admitting once they run out, and records each ask. */
    static final class FakeLimits implements ProviderLimits {
        final Deque<Decision> decisions = new ArrayDeque<>();
        final List<String> asked = new CopyOnWriteArrayList<>();

        FakeLimits refuse(int times, Duration retryIn, String limit) {
            for (int i = 0; i < times; i++) decisions.add(new Decision(false, retryIn, limit));
            return this;
        }

        @Override
        public synchronized Decision acquire(String provider, String model, int estimatedTokens) {
            asked.add(provider + "/" + model + ":" + estimatedTokens);
            return decisions.isEmpty() ? Decision.ADMITTED : decisions.removeFirst();
        }
    }

    final CallHarness h = new CallHarness();

    @Test
    void aCallWaitsForTheProvidersBudgetAsLongAsItIsTold() throws Exception {
        FakeLimits limits = new FakeLimits().refuse(2, Duration.ofMillis(300), "rpm");
        h.sim.on("primary", OK);
        CallHarness.Pipeline p = h.pipeline(CallHarness.config().build()).limits(limits).build();
        RunTimeline timeline = new RunTimeline();

        ModelAnswer a = p.call(h.scope(List.of(PRIMARY), Duration.ofSeconds(30), timeline, new RunHandle("r1")), request("hello"));

        assertThat(a.model()).isEqualTo(PRIMARY);
        assertThat(h.slept).containsExactly(Duration.ofMillis(300), Duration.ofMillis(300));
        assertThat(limits.asked).hasSize(3).allSatisfy(s -> assertThat(s).startsWith("sim/primary:"));
        assertThat(Integer.parseInt(limits.asked.getFirst().split(":")[1])).isPositive(); // an estimate of the tokens
        List<RuntimeEvent.ProviderThrottled> throttled = h.events(RuntimeEvent.ProviderThrottled.class);
        assertThat(throttled).hasSize(2).allSatisfy(e -> {
            assertThat(e.limit()).isEqualTo("rpm");
            assertThat(e.waitMs()).isEqualTo(300);
            assertThat(e.runId()).isEqualTo("r1");
            assertThat(e.provider()).isEqualTo("sim");
        });
        assertThat(timeline.entries()).extracting(RunTimeline.Entry::kind).containsExactly("wait", "wait", "attempt");
        assertThat(timeline.entries().getFirst().detail()).isEqualTo("provider budget (rpm)");
        assertThat(timeline.entries().getFirst().durationMs()).isEqualTo(300L);
    }

    @Test
    void aBudgetThatFreesUpOnlyAfterTheDeadlineIsNotWaitedFor() throws Exception {
        FakeLimits limits = new FakeLimits().refuse(1, Duration.ofSeconds(90), "tpm");
        h.sim.on("primary", OK);
        h.sim.on("fallback", OK);
        CallHarness.Pipeline p = h.pipeline(CallHarness.config().build()).limits(limits).build();

        ModelAnswer a = p.call(h.scope(List.of(PRIMARY, FALLBACK), Duration.ofSeconds(30)), request("hello"));

        assertThat(h.slept).isEmpty();
        assertThat(h.sim.calls("primary")).isZero();
        assertThat(a.model()).isEqualTo(FALLBACK);
        assertThat(a.fallbackReason()).startsWith("provider_throttled").contains("tpm budget").contains("after the run's deadline");
    }

    @Test
    void limitsThatCannotBeAskedDoNotStopTheCall() throws Exception {
        h.sim.on("primary", OK);
        CallHarness.Pipeline p = h.pipeline(CallHarness.config().build())
                .limits((provider, model, tokens) -> { throw new IllegalStateException("redis down"); }).build();
        assertThat(p.call(h.scope(List.of(PRIMARY), Duration.ofSeconds(30)), request("hello")).model()).isEqualTo(PRIMARY);
    }
}
