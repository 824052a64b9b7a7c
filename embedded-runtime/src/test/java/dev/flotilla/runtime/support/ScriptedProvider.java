package dev.flotilla.runtime.support;

import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider whose models play back scripts of answers, faults and custom steps, counting the
 * calls each model received. A model's last step repeats once its script runs out.
 */
public final class ScriptedProvider implements ChatModel {

    /** A custom step: advance a clock, block, then answer or throw. */
    @FunctionalInterface
    public interface Step {
        ChatResponse run(ChatRequest request) throws ModelException, InterruptedException;
    }

    public static final ChatResponse OK = new ChatResponse("fine", List.of(), 10, 5);

    private final String name;
    private final Map<String, Deque<Step>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Step> last = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    public ScriptedProvider(String name) { this.name = name; }

    public static ModelException fault(ModelException.Kind kind) {
        return new ModelException(kind, "scripted " + kind.name().toLowerCase());
    }

    /** Adds steps to {@code model}'s script: a ChatResponse, a ModelException, or a {@link Step}. */
    public ScriptedProvider on(String model, Object... steps) {
        Deque<Step> script = scripts.computeIfAbsent(model, m -> new ArrayDeque<>());
        synchronized (script) {
            for (Object s : steps) script.add(step(s));
        }
        return this;
    }

    public int calls(String model) {
        AtomicInteger n = calls.get(model);
        return n == null ? 0 : n.get();
    }

    @Override public String name() { return name; }

    @Override
    public ChatResponse chat(ChatRequest request) throws ModelException, InterruptedException {
        String model = request.model();
        calls.computeIfAbsent(model, m -> new AtomicInteger()).incrementAndGet();
        Deque<Step> script = scripts.get(model);
        Step next;
        if (script == null) throw new AssertionError("no script for model " + model);
        synchronized (script) {
            next = script.isEmpty() ? last.get(model) : script.removeFirst();
            last.put(model, next);
        }
        return next.run(request);
    }

    private static Step step(Object s) {
        return switch (s) {
            case ChatResponse r -> req -> r;
            case ModelException e -> req -> { throw e; };
            case Step st -> st;
            default -> throw new IllegalArgumentException("not a step: " + s);
        };
    }
}
