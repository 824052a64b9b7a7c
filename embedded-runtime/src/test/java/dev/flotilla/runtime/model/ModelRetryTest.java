package dev.flotilla.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.runtime.agent.RunHandle;
import dev.flotilla.runtime.resilience.ModelRetry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelRetryTest {

    private static final ChatResponse OK = new ChatResponse("fine", List.of(), 1, 1);

    @Test
    void retriesRetryableFaultsThenSucceeds() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        ModelRetry retry = new ModelRetry(3, Duration.ofMillis(1));
        ChatResponse r = retry.call(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new ModelException(ModelException.Kind.RATE_LIMITED, "429", Duration.ofMillis(1));
            }
            return OK;
        }, new RunHandle("r1"));
        assertThat(r).isSameAs(OK);
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastFault() {
        AtomicInteger calls = new AtomicInteger();
        ModelRetry retry = new ModelRetry(2, Duration.ofMillis(1));
        assertThatThrownBy(() -> retry.call(() -> {
            calls.incrementAndGet();
            throw new ModelException(ModelException.Kind.SERVER_ERROR, "500");
        }, new RunHandle("r2"))).isInstanceOf(ModelException.class).hasMessage("500");
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void doesNotRetryARejection() {
        AtomicInteger calls = new AtomicInteger();
        ModelRetry retry = new ModelRetry(5, Duration.ofMillis(1));
        assertThatThrownBy(() -> retry.call(() -> {
            calls.incrementAndGet();
            throw new ModelException(ModelException.Kind.REJECTED, "no");
        }, new RunHandle("r3"))).isInstanceOf(ModelException.class);
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void aStopRequestInterruptsAWaitingCall() {
        RunHandle handle = new RunHandle("r4");
        ModelRetry retry = new ModelRetry(1, Duration.ofMillis(1));
        assertThatThrownBy(() -> retry.call(() -> {
            handle.stop(RunHandle.StopReason.CANCELLED); // as if another thread cancelled mid-call
            Thread.sleep(Duration.ofSeconds(30));
            return OK;
        }, handle)).isInstanceOf(InterruptedException.class);
    }
}
