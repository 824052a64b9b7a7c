package dev.flotilla.console;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.model.SimulatedModelConfig;
import dev.flotilla.runtime.resilience.ResilienceConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Real nodes for tests, in this JVM, each with a throwaway embedded Redis unless it joins another
 * node's. Every situation the console shows is made the way it happens in a fleet: a model that
 * fails, a tool that crashes on an input, a node that stopped beating.
 */
public final class TestNodes {

    public static final String KEY = "test-admin-key-0123456789";

    /** An input the simulated primary fails on with a 500, every time: the input marker of the simulated model. */
    public static final String PRIMARY_FAILS = "[fail@primary:500] ";

    /** The agent whose tool is {@link PoisonTool}: its model always asks for the tool first. */
    public static final String PARSER = "parser";

    private TestNodes() {}

    /** Fast and reliable: 20–80 ms, no faults, no tool calls (so a run makes one model call). */
    public static SimulatedModelConfig fastModel() {
        return SimulatedModelConfig.defaults().withMedianLatency(Duration.ofMillis(50)).withErrorRate(0).withToolCallRate(0);
    }

    public static FleetRuntime.Builder fast(String nodeId, String key) {
        return FleetRuntime.builder()
                .adminKey(key)
                .nodeId(nodeId)
                .drainTimeout(Duration.ofSeconds(2))
                .simulatedModel(fastModel());
    }

    public static FleetRuntime start(String nodeId) {
        return fast(nodeId, KEY).build().start();
    }

    /** A second node of {@code first}'s fleet (same Redis), as {@code builder} describes it. */
    public static FleetRuntime joining(FleetRuntime first, FleetRuntime.Builder builder) {
        return builder.redisUrl(first.redisUrl()).build().start();
    }

    /**
     * A node of {@code first}'s fleet that the fleet sees as lost: its heartbeats arrive a minute
     * old (its clock is a minute behind), which is how the last heartbeat of a node that died a
     * minute ago looks. Paused, so it takes no runs while it runs on in this JVM.
     */
    public static FleetRuntime silent(FleetRuntime first, String nodeId) {
        FleetRuntime node = fast(nodeId, KEY).clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-1)))
                .redisUrl(first.redisUrl()).build().start();
        node.setState("paused", "a test");
        return node;
    }

    /**
     * A node where things go wrong the way they do in production. The simulated primary model is
     * down (every call fails, after 10 ms at most), so runs of {@code assistant} are retried once
     * and answered by {@code simulated/fallback}; the breaker of a model opens after 4 failed calls
     * (2 runs with {@link #PRIMARY_FAILS}) and stays open for 10 minutes. Agent {@link #PARSER}
     * calls {@code poison}'s tool, which crashes on inputs containing "poison", and a run whose
     * delivery failed once is a dead letter.
     */
    public static FleetRuntime.Builder troubled(String nodeId, PoisonTool poison) {
        SimulatedModelConfig down = fastModel().withErrorRate(1.0).withTimeout(Duration.ofMillis(10)).withRetryAfter(Duration.ofMillis(10));
        return fast(nodeId, KEY)
                .simulatedModel("primary", down)
                .simulatedModel(PARSER, fastModel().withToolCallRate(1.0))
                .agent(AgentDefinition.assistant(4))
                .agent(new AgentDefinition(PARSER, "You parse what you are given.", List.of(poison.name()), 4, 2)
                        .withModels(List.of(new ModelRef("simulated", PARSER))))
                .tool(poison)
                .maxDeliveries(1)
                .resilience(ResilienceConfig.builder()
                        .maxAttempts(2)
                        .backoff(Duration.ofMillis(5), Duration.ofMillis(20))
                        .breakerWindow(SlidingWindowType.COUNT_BASED, 4)
                        .breakerMinimumCalls(4)
                        .openWait(Duration.ofMinutes(10))
                        .build());
    }
}
