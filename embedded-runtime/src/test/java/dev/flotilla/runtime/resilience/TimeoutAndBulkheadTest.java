package dev.flotilla.runtime.resilience;

import static dev.flotilla.runtime.support.CallHarness.PRIMARY;
import static dev.flotilla.runtime.support.CallHarness.request;
import static dev.flotilla.runtime.support.ScriptedProvider.OK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flotilla.runtime.agent.RunHandle;
import dev.flotilla.runtime.kernel.ModelAnswer;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.run.RunTimeline;
import dev.flotilla.runtime.support.CallHarness;
import dev.flotilla.runtime.support.ScriptedProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Calls that hang, a provider out of slots, and runs stopped mid-call. These use real threads, never sleeps. */
class TimeoutAndBulkheadTest {

    final CallHarness h = new CallHarness();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicBoolean interrupted = new AtomicBoolean();

    /** A call that waits for {@link #release} and notes whether it was interrupted instead. */
    final ScriptedProvider.Step hang = req -> {
        entered.countDown();
        try {
            release.await();
            return OK;
        } catch (InterruptedException e) {
            interrupted.set(true);
            throw e;
        }
    };

    @Test
    void aCallThatOutlivesItsTimeoutIsCancelledAndCountsAsATimeout() throws Exception {
        h.sim.on("primary", hang);
        CallHarness.Pipeline p = h.pipeline(CallHarness.config().maxAttempts(1).callTimeout(Duration.ofMillis(100)).build()).build();
        RunTimeline timeline = new RunTimeline();

        ModelUnavailableException e = catchThrowableOfType(ModelUnavailableException.class,
                () -> p.call(h.scope(List.of(PRIMARY), Duration.ofSeconds(60), timeline, new RunHandle("r1")), request("hi")));

        assertThat(e.getMessage()).contains("model_timeout after 1 attempt");
        awaitTrue(interrupted); // the hung call was interrupted, not left running
        assertThat(timeline.entries().getFirst().detail()).contains("no answer within 100 ms");
    }

    @Test
    void theTimeLeftBeforeTheDeadlineBoundsACallWhenShorterThanTheTimeout() throws Exception {
        h.sim.on("primary", hang);
        CallHarness.Pipeline p = h.pipeline(CallHarness.config().maxAttempts(1).callTimeout(Duration.ofSeconds(60)).build()).build();
        RunTimeline timeline = new RunTimeline();
        long start = System.nanoTime();

        ModelUnavailableException e = catchThrowableOfType(ModelUnavailableException.class,
                () -> p.call(h.scope(List.of(PRIMARY), Duration.ofMillis(150), timeline, new RunHandle("r1")), request("hi")));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(timeline.entries().getFirst().detail()).contains("no answer within 150 ms").contains("deadline");
        assertThat(e.getMessage()).contains("model_timeout");
    }

    @Test
    void aCancelInterruptsTheModelCallAndEndsThePipelineCall() throws Exception {
        h.sim.on("primary", hang);
        CallHarness.Pipeline p = h.pipeline(CallHarness.config().build()).build();
        RunHandle handle = new RunHandle("r1");
        Thread canceller = Thread.ofVirtual().start(() -> {
            try {
                entered.await();
            } catch (InterruptedException ignored) {
                return;
            }
            handle.stop(RunHandle.StopReason.CANCELLED);
        });

        assertThatThrownBy(() -> p.call(h.scope(List.of(PRIMARY), Duration.ofSeconds(60), new RunTimeline(), handle), request("hi")))
                .isInstanceOf(InterruptedException.class);
        canceller.join();
        awaitTrue(interrupted);
        assertThat(h.sim.calls("primary")).isEqualTo(1); // a stop is not a failure: no retry
    }

    @Test
    void aCancelDuringABackoffWaitEndsItAtOnce() {
        h.sim.on("primary", new ModelException(ModelException.Kind.RATE_LIMITED, "429", Duration.ofSeconds(5)));
        RunHandle handle = new RunHandle("r1");
        CallHarness.Pipeline p = h.pipeline(CallHarness.config().build())
                .sleeper(d -> {
                    handle.stop(RunHandle.StopReason.DRAINING); // as if the node began draining just now
                    Thread.sleep(d);
                }).build();

        assertThatThrownBy(() -> p.call(h.scope(List.of(PRIMARY), Duration.ofSeconds(60), new RunTimeline(), handle), request("hi")))
                .isInstanceOf(InterruptedException.class);
        assertThat(h.sim.calls("primary")).isEqualTo(1);
    }

    @Test
    void aProviderOutOfSlotsRefusesFurtherCallsWhileOtherProvidersAnswer() throws Exception {
        ScriptedProvider other = new ScriptedProvider("other").on("model", OK);
        h.sim.on("primary", hang);
        CallHarness.Pipeline p = h.pipeline(CallHarness.config().maxAttempts(2).bulkhead(1, Duration.ZERO).build())
                .provider("other", other).build();
        Thread busy = Thread.ofVirtual().start(() -> {
            try {
                p.call(h.scope(List.of(PRIMARY), Duration.ofSeconds(60)), request("takes the only slot"));
            } catch (Exception ignored) {
                // released below
            }
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        RunTimeline timeline = new RunTimeline();
        ModelAnswer a = p.call(h.scope(List.of(PRIMARY, ModelRef.parse("other/model")), Duration.ofSeconds(60),
                timeline, new RunHandle("r2")), request("hi"));

        assertThat(h.sim.calls("primary")).isEqualTo(1); // only the call holding the slot
        assertThat(a.model().provider()).isEqualTo("other");
        assertThat(a.fallbackReason()).isEqualTo("model_bulkhead_full after 2 attempts");
        assertThat(a.calls()).isEqualTo(1); // refused tries are not calls
        assertThat(h.slept).hasSize(1); // the full bulkhead was retried once, after a backoff
        ResilienceSnapshot.Breaker breaker = p.snapshot().breakers().stream()
                .filter(b -> b.model().equals("primary")).findFirst().orElseThrow();
        assertThat(breaker.calls()).isZero(); // our own limit says nothing about the model's health
        release.countDown();
        busy.join();
    }

    private static void awaitTrue(AtomicBoolean flag) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!flag.get() && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(flag).isTrue();
    }
}
