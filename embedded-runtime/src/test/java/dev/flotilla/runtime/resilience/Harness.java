package dev.flotilla.runtime.resilience;

import dev.flotilla.runtime.agent.RunHandle;
import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.run.RunTimeline;
import dev.flotilla.runtime.support.MutableClock;
import dev.flotilla.runtime.support.ScriptedProvider;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pipeline on a hand-moved clock: its sleeper records each wait and moves the clock by it, so
 * backoff, Retry-After and deadlines are checked without sleeping. Events are collected.
 */
final class Harness {
    static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
    static final ModelRef PRIMARY = ModelRef.parse("sim/primary");
    static final ModelRef FALLBACK = ModelRef.parse("sim/fallback");

    final MutableClock clock = new MutableClock(T0);
    final List<Duration> slept = new CopyOnWriteArrayList<>();
    final List<RuntimeEvent> events = new CopyOnWriteArrayList<>();
    final ScriptedProvider sim = new ScriptedProvider("sim");
    final Sleeper sleeper = d -> {
        slept.add(d);
        clock.advance(d);
    };

    ModelPipeline.Builder pipeline(ResilienceConfig config) {
        return ModelPipeline.builder().provider("sim", sim).config(config).events(events::add)
                .nodeId("n1").clock(clock).sleeper(sleeper);
    }

    static ResilienceConfig.Builder config() {
        return ResilienceConfig.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    CallScope scope(List<ModelRef> chain, Duration timeout) {
        return scope(chain, timeout, new RunTimeline(), new RunHandle("r1"));
    }

    CallScope scope(List<ModelRef> chain, Duration timeout, RunTimeline timeline, RunHandle handle) {
        return new CallScope(handle.runId(), "assistant", chain, clock.instant().plus(timeout), timeline, handle);
    }

    static ChatRequest request(String input) {
        return new ChatRequest(List.of(ChatMessage.user(input)), List.of());
    }

    <T extends RuntimeEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
