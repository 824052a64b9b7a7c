package dev.flotilla.runtime.support;

import dev.flotilla.runtime.agent.ProviderCall;
import dev.flotilla.runtime.agent.RunHandle;
import dev.flotilla.runtime.kernel.FleetModule;
import dev.flotilla.runtime.kernel.Kernel;
import dev.flotilla.runtime.kernel.ModelAnswer;
import dev.flotilla.runtime.kernel.ModelCall;
import dev.flotilla.runtime.kernel.ModelCallException;
import dev.flotilla.runtime.kernel.ModelCallInterceptor;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.kernel.RunScope;
import dev.flotilla.runtime.kernel.Sleeper;
import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.ratelimit.ProviderLimits;
import dev.flotilla.runtime.ratelimit.ProviderThrottle;
import dev.flotilla.runtime.resilience.ModelUnavailableException;
import dev.flotilla.runtime.resilience.ResilienceConfig;
import dev.flotilla.runtime.resilience.ResilienceModule;
import dev.flotilla.runtime.resilience.ResilienceSnapshot;
import dev.flotilla.runtime.run.RunTimeline;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A node's model calls without the node: a kernel with the resilience module (and the provider
 * throttle when limits are given) on a hand-moved clock, into a scripted provider. The sleeper
 * records each wait and moves the clock by it, so backoff, Retry-After and deadlines are checked
 * without sleeping. Events are collected.
 */
public final class CallHarness {
    public static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
    public static final ModelRef PRIMARY = ModelRef.parse("sim/primary");
    public static final ModelRef FALLBACK = ModelRef.parse("sim/fallback");

    public final MutableClock clock = new MutableClock(T0);
    public final List<Duration> slept = new CopyOnWriteArrayList<>();
    public final List<RuntimeEvent> events = new CopyOnWriteArrayList<>();
    public final ScriptedProvider sim = new ScriptedProvider("sim");
    public final Sleeper sleeper = d -> {
        slept.add(d);
        clock.advance(d);
    };

    /** One step of a run: the run it belongs to and its agent's chain of models. */
    public record Scope(RunScope run, List<ModelRef> chain) {}

    public Builder pipeline(ResilienceConfig config) {
        return new Builder(config);
    }

    public static ResilienceConfig.Builder config() {
        return ResilienceConfig.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    public Scope scope(List<ModelRef> chain, Duration timeout) {
        return scope(chain, timeout, new RunTimeline(), new RunHandle("r1"));
    }

    public Scope scope(List<ModelRef> chain, Duration timeout, RunTimeline timeline, RunHandle handle) {
        return new Scope(new RunScope(Principal.admin("k1"), handle.runId(), "assistant", "hi", clock.instant().plus(timeout),
                timeline, handle), chain);
    }

    public static ChatRequest request(String input) {
        return new ChatRequest(List.of(ChatMessage.user(input)), List.of());
    }

    public <T extends RuntimeEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The kernel's model-call chain as a node builds it, into the harness's providers. */
    public final class Pipeline {
        private final Kernel kernel;
        private final ResilienceModule resilience;
        private final ProviderCall providers;

        private Pipeline(Kernel kernel, ResilienceModule resilience, ProviderCall providers) {
            this.kernel = kernel;
            this.resilience = resilience;
            this.providers = providers;
        }

        /** One model step; with the resilience module outermost, only "no model answered" escapes. */
        public ModelAnswer call(Scope scope, ChatRequest request) throws ModelUnavailableException, InterruptedException {
            try {
                return kernel.modelCalls().proceed(ModelCall.of(scope.run(), scope.chain(), request), providers);
            } catch (ModelUnavailableException e) {
                throw e;
            } catch (ModelCallException e) {
                throw new AssertionError("the retry stage let a " + e.code() + " through", e);
            }
        }

        public ResilienceSnapshot snapshot() { return resilience.snapshot(); }

        public List<ModelCallInterceptor> interceptors() { return kernel.modelCalls().interceptors(); }
    }

    /** What a test changes about the pipeline; the resilience module's configuration is given. */
    public final class Builder {
        private final ResilienceConfig config;
        private final Map<String, ChatModel> providers = new LinkedHashMap<>(Map.of("sim", sim));
        private RandomGenerator random = ThreadLocalRandom.current();
        private Sleeper sleeper = CallHarness.this.sleeper;
        private ProviderLimits limits;

        private Builder(ResilienceConfig config) {
            this.config = config;
        }

        public Builder random(RandomGenerator v) { random = v; return this; }

        public Builder sleeper(Sleeper v) { sleeper = v; return this; }

        public Builder provider(String name, ChatModel model) { providers.put(name, model); return this; }

        /** Provider budgets asked before each attempt, as the rate-limit module's throttle asks them. */
        public Builder limits(ProviderLimits v) { limits = v; return this; }

        public Pipeline build() {
            ResilienceModule resilience = new ResilienceModule(config, random);
            ProviderLimits budgets = limits;
            FleetModule throttle = new FleetModule() {
                @Override public String name() { return "throttle"; }

                @Override
                public void register(dev.flotilla.runtime.kernel.ModuleContext ctx) {
                    if (budgets != null) ctx.interceptModelCalls(ModelCallInterceptor.Stage.SPEND,
                            new ProviderThrottle(budgets, ctx.sleeper(), ctx.clock(), ctx.nodeId(), ctx.events()));
                }
            };
            Kernel kernel = Kernel.builder().nodeId("n1").clock(clock).sleeper(sleeper).events(events::add)
                    .module(resilience).module(throttle).build();
            return new Pipeline(kernel, resilience, new ProviderCall(providers));
        }
    }
}
