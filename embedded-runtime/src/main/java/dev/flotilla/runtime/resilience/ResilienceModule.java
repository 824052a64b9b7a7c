package dev.flotilla.runtime.resilience;

import dev.flotilla.runtime.kernel.FleetModule;
import dev.flotilla.runtime.kernel.ModelCallInterceptor.Stage;
import dev.flotilla.runtime.kernel.ModuleContext;
import dev.flotilla.runtime.resilience.internal.Backoff;
import dev.flotilla.runtime.resilience.internal.BreakerGate;
import dev.flotilla.runtime.resilience.internal.BulkheadInterceptor;
import dev.flotilla.runtime.resilience.internal.CallRecorder;
import dev.flotilla.runtime.resilience.internal.ModelBreakers;
import dev.flotilla.runtime.resilience.internal.Reporter;
import dev.flotilla.runtime.resilience.internal.RetryAndFallback;
import dev.flotilla.runtime.resilience.internal.RetryLoop;
import dev.flotilla.runtime.resilience.internal.TimeoutInterceptor;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Model calls that degrade gracefully, as model-call interceptors. Outermost, in
 * {@link Stage#RETRY}: retry and fallback, which walks the agent's chain of models, primary first,
 * trying each with retries (full-jitter backoff, Retry-After honoured, never past the run's
 * deadline) and moving on when one gives up; when none answers the step fails with
 * {@code model_unavailable} (or {@code run_timeout}), naming each model tried and why. Around each
 * attempt: the model's circuit breaker ({@link Stage#ATTEMPT}), the provider's bulkhead
 * ({@link Stage#ISOLATE}), and, around the call itself ({@link Stage#CALL}), what records its
 * outcome (breaker, timeline) and the per-call timeout. Fleet-wide provider budgets
 * ({@link Stage#SPEND}) are the rate-limit module's.
 *
 * <p>Every retry, fallback, bulkhead wait and breaker change is reported as a typed
 * {@link RuntimeEvent} and, for the run concerned, on its timeline. One module serves one node.
 */
public final class ResilienceModule implements FleetModule {

    private final ResilienceConfig config;
    private final RandomGenerator jitter;
    private volatile Reporter reporter;
    private volatile ModelBreakers breakers;

    /** {@code jitter}: the source of backoff jitter (tests pass one that draws what they need). */
    public ResilienceModule(ResilienceConfig config, RandomGenerator jitter) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.jitter = Objects.requireNonNull(jitter, "jitter is null");
    }

    public static ResilienceModule of(ResilienceConfig config) {
        return new ResilienceModule(config, ThreadLocalRandom.current());
    }

    @Override
    public String name() { return "resilience"; }

    @Override
    public synchronized void register(ModuleContext ctx) {
        if (reporter != null) throw new IllegalStateException("the resilience module serves one node and is registered already");
        Reporter r = new Reporter(ctx.events(), ctx.nodeId(), ctx.clock());
        ModelBreakers b = new ModelBreakers(config.breakerConfig(ctx.clock()), r);
        RetryLoop retries = new RetryLoop(config.maxAttempts(), new Backoff(config.backoffBase(), config.backoffCap()),
                ctx.sleeper(), jitter, r);
        ctx.interceptModelCalls(Stage.RETRY, new RetryAndFallback(retries, r));
        ctx.interceptModelCalls(Stage.ATTEMPT, new BreakerGate(b, r));
        ctx.interceptModelCalls(Stage.ISOLATE, new BulkheadInterceptor(config.bulkheadConfig(), r));
        ctx.interceptModelCalls(Stage.CALL, new CallRecorder(b, r));
        ctx.interceptModelCalls(Stage.CALL, new TimeoutInterceptor(config.callTimeout(), ctx.clock()));
        breakers = b;
        reporter = r;
    }

    /** Breaker states and counters for the node's heartbeat; cheap (no I/O, a few objects per breaker). */
    public ResilienceSnapshot snapshot() {
        Reporter r = reporter;
        if (r == null) return ResilienceSnapshot.EMPTY;
        return new ResilienceSnapshot(breakers.snapshot(), r.retries(), r.fallbacks());
    }
}
