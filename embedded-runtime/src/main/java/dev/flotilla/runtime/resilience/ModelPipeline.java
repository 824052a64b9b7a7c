package dev.flotilla.runtime.resilience;

import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.resilience.internal.Attempt;
import dev.flotilla.runtime.resilience.internal.Backoff;
import dev.flotilla.runtime.resilience.internal.ModelBreakers;
import dev.flotilla.runtime.resilience.internal.ProviderBulkheads;
import dev.flotilla.runtime.resilience.internal.ProviderThrottle;
import dev.flotilla.runtime.resilience.internal.Reporter;
import dev.flotilla.runtime.resilience.internal.RetryLoop;
import dev.flotilla.runtime.resilience.internal.TimedCall;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Model calls that degrade gracefully. {@link #call} walks the run's chain of models, primary
 * first; each model is tried with retries (full-jitter backoff, Retry-After honoured, never past
 * the run's deadline), behind its circuit breaker, its provider's budget and bulkhead, and a
 * per-call timeout. When a model gives up the next one is tried; when none answers the call fails
 * with {@code model_unavailable} (or {@code run_timeout} when the deadline ran out), naming each
 * model tried and why.
 *
 * <p>Every retry, fallback, provider wait and breaker change is reported as a typed
 * {@link RuntimeEvent} and, for the run concerned, on its timeline. Thread-safe: one pipeline
 * serves every run of a node. Calls block the calling (virtual) thread; a cancel or a drain
 * (through the scope's {@link dev.flotilla.runtime.agent.RunHandle}) interrupts waits and the
 * model call, and {@link #call} then throws {@link InterruptedException}.
 */
public final class ModelPipeline {

    private final Clock clock;
    private final Reporter reporter;
    private final ModelBreakers breakers;
    private final RetryLoop retries;

    private ModelPipeline(Builder b) {
        this.clock = b.clock;
        this.reporter = new Reporter(b.events, b.nodeId, b.clock);
        this.breakers = new ModelBreakers(b.config.breakerConfig(b.clock), reporter);
        Attempt attempt = new Attempt(b.providers, breakers, new ProviderThrottle(b.limits, b.sleeper, reporter),
                new ProviderBulkheads(b.config.bulkheadConfig()), new TimedCall(b.config.callTimeout()), reporter);
        this.retries = new RetryLoop(attempt, b.config.maxAttempts(),
                new Backoff(b.config.backoffBase(), b.config.backoffCap()), b.sleeper, b.random, reporter);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Asks the scope's models in order until one answers.
     *
     * @throws ModelUnavailableException when no model answered (code {@code model_unavailable} or {@code run_timeout})
     * @throws InterruptedException when the run was stopped (cancelled or handed back)
     */
    public ModelAnswer call(CallScope scope, ChatRequest request) throws ModelUnavailableException, InterruptedException {
        List<String> givenUp = new ArrayList<>();
        ModelRef previous = null;
        String previousReason = null;
        int calls = 0;
        for (ModelRef model : scope.chain()) {
            if (previous != null) {
                if (!scope.left(clock).isPositive()) break;
                reporter.fallback(scope, previous, model, previousReason);
            }
            RetryLoop.Result r = retries.run(model, request, scope);
            calls += r.calls();
            if (r.answered()) {
                return new ModelAnswer(r.response(), model, fallbackReason(givenUp, previousReason), calls);
            }
            givenUp.add(model + " (" + r.failure() + ")");
            previous = model;
            previousReason = r.failure();
        }
        boolean late = !scope.left(clock).isPositive();
        if (givenUp.size() < scope.chain().size()) {
            givenUp.add("not tried: " + scope.chain().subList(givenUp.size(), scope.chain().size()).stream()
                    .map(ModelRef::toString).reduce((a, b) -> a + ", " + b).orElse(""));
        }
        String tried = String.join("; ", givenUp);
        if (late) {
            throw new ModelUnavailableException(ModelUnavailableException.TIMEOUT,
                    "no model answered before the run's deadline: " + tried + ". Retry the run, or give the agent a longer run timeout.", calls);
        }
        throw new ModelUnavailableException(ModelUnavailableException.UNAVAILABLE,
                "no model answered: " + tried + ". Retry the run later, or add a fallback model to the agent's chain.", calls);
    }

    /** Why the answering model was reached: the one reason when it was the first fallback, else each model's. */
    private static String fallbackReason(List<String> givenUp, String lastReason) {
        if (givenUp.isEmpty()) return null;
        return givenUp.size() == 1 ? lastReason : String.join("; ", givenUp);
    }

    /** Breaker states and counters for the node's heartbeat; cheap (no I/O, a few objects per breaker). */
    public ResilienceSnapshot snapshot() {
        return new ResilienceSnapshot(breakers.snapshot(), reporter.retries(), reporter.fallbacks(), reporter.throttledCount());
    }

    /** Everything a pipeline needs; only the providers are required. */
    public static final class Builder {
        private final Map<String, ChatModel> providers = new LinkedHashMap<>();
        private ResilienceConfig config = ResilienceConfig.defaults();
        private ProviderLimits limits = ProviderLimits.none();
        private Consumer<RuntimeEvent> events = e -> { };
        private String nodeId = "local";
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.REAL;
        private RandomGenerator random = ThreadLocalRandom.current();

        private Builder() {}

        /** The model serving every {@code name/…} reference. */
        public Builder provider(String name, ChatModel model) {
            new ModelRef(name, "x"); // validates the provider name
            providers.put(name, Objects.requireNonNull(model, "model"));
            return this;
        }

        public Builder providers(Map<String, ChatModel> all) {
            all.forEach(this::provider);
            return this;
        }

        public Builder config(ResilienceConfig v) { config = Objects.requireNonNull(v); return this; }

        public Builder limits(ProviderLimits v) { limits = Objects.requireNonNull(v); return this; }

        /** Where typed events go (a node passes its event bus); listeners must be fast and never throw. */
        public Builder events(Consumer<RuntimeEvent> v) { events = Objects.requireNonNull(v); return this; }

        public Builder nodeId(String v) { nodeId = Objects.requireNonNull(v); return this; }

        /** The clock of deadlines, timelines and breakers (open-state wait, time-based windows, slow calls). */
        public Builder clock(Clock v) { clock = Objects.requireNonNull(v); return this; }

        /** How backoff and provider waits sleep. */
        public Builder sleeper(Sleeper v) { sleeper = Objects.requireNonNull(v); return this; }

        /** The source of backoff jitter. */
        public Builder random(RandomGenerator v) { random = Objects.requireNonNull(v); return this; }

        public ModelPipeline build() {
            if (providers.isEmpty()) throw new IllegalStateException("a model pipeline needs at least one provider");
            return new ModelPipeline(this);
        }
    }
}
