package dev.flotilla.runtime.agent;

import dev.flotilla.runtime.model.ModelRef;
import java.time.Duration;
import java.util.List;

/**
 * What an agent is: its name, its instructions, the tools it may call, how many steps it may take,
 * its pool size, the models it asks (primary first, then fallbacks) and how long a run may take
 * (the run's deadline, counted from its start on an agent).
 */
public record AgentDefinition(String name, String systemPrompt, List<String> tools, int maxSteps, int poolSize,
                              List<ModelRef> models, Duration runTimeout, ModelSettings modelSettings) {

    /**
     * How the agent's models are called: {@code temperature} and {@code maxOutputTokens} (null: the
     * provider's default) and whether answers are streamed (the run's events then carry
     * {@code run.delta} as the output grows).
     */
    public record ModelSettings(Double temperature, Integer maxOutputTokens, boolean stream) {
        public static final ModelSettings DEFAULTS = new ModelSettings(null, null, false);

        public ModelSettings {
            if (temperature != null && (temperature < 0 || temperature > 2)) throw new IllegalArgumentException("temperature not in [0,2]: " + temperature);
            if (maxOutputTokens != null && maxOutputTokens < 1) throw new IllegalArgumentException("max output tokens < 1: " + maxOutputTokens);
        }
    }

    /** The chain of built-in agents: the simulated provider's primary, then its fallback. */
    public static final List<ModelRef> DEFAULT_MODELS =
            List.of(new ModelRef("simulated", "primary"), new ModelRef("simulated", "fallback"));
    public static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofSeconds(120);

    public AgentDefinition {
        if (name == null || !name.matches("[a-z][a-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("agent name must match [a-z][a-z0-9_-]{0,63}: " + name);
        }
        if (maxSteps < 1) throw new IllegalArgumentException("maxSteps < 1: " + maxSteps);
        if (poolSize < 1 || poolSize > AgentPool.MAX_SIZE) {
            throw new IllegalArgumentException("poolSize not in [1," + AgentPool.MAX_SIZE + "]: " + poolSize);
        }
        tools = List.copyOf(tools);
        models = List.copyOf(models);
        if (models.isEmpty()) throw new IllegalArgumentException("agent " + name + " has no models");
        if (models.stream().distinct().count() < models.size()) {
            throw new IllegalArgumentException("agent " + name + " lists a model twice: " + models);
        }
        if (runTimeout == null || runTimeout.isNegative() || runTimeout.isZero()) {
            throw new IllegalArgumentException("runTimeout of agent " + name + " must be positive: " + runTimeout);
        }
        modelSettings = modelSettings == null ? ModelSettings.DEFAULTS : modelSettings;
    }

    public AgentDefinition(String name, String systemPrompt, List<String> tools, int maxSteps, int poolSize,
                           List<ModelRef> models, Duration runTimeout) {
        this(name, systemPrompt, tools, maxSteps, poolSize, models, runTimeout, ModelSettings.DEFAULTS);
    }

    /** An agent on the default chain and run timeout. */
    public AgentDefinition(String name, String systemPrompt, List<String> tools, int maxSteps, int poolSize) {
        this(name, systemPrompt, tools, maxSteps, poolSize, DEFAULT_MODELS, DEFAULT_RUN_TIMEOUT);
    }

    public AgentDefinition withModels(List<ModelRef> chain) {
        return new AgentDefinition(name, systemPrompt, tools, maxSteps, poolSize, chain, runTimeout, modelSettings);
    }

    public AgentDefinition withRunTimeout(Duration timeout) {
        return new AgentDefinition(name, systemPrompt, tools, maxSteps, poolSize, models, timeout, modelSettings);
    }

    /**
     * Agents from a list such as {@code assistant:4,triage:2} (name, optional pool size; the
     * default size otherwise). Each gets the standard instructions, the built-in tools and the
     * default model chain ({@link ModelChains} changes chains).
     */
    public static List<AgentDefinition> parseList(String spec, int defaultPoolSize) {
        List<AgentDefinition> out = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String item : spec.split(",")) {
            String entry = item.trim();
            if (entry.isEmpty()) continue;
            String[] parts = entry.split(":", -1);
            if (parts.length > 2) throw new IllegalArgumentException("agent entry must be name or name:poolSize: " + entry);
            int size = defaultPoolSize;
            if (parts.length == 2) {
                try {
                    size = Integer.parseInt(parts[1].trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("pool size of agent '" + parts[0] + "' is not a number: " + parts[1]);
                }
            }
            String name = parts[0].trim();
            if (!seen.add(name)) throw new IllegalArgumentException("agent listed twice: " + name);
            out.add(new AgentDefinition(name, "You are " + name + ", an agent operated by Flotilla.",
                    List.of("clock", "word_count"), 4, size));
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no agents in: '" + spec + "'");
        return out;
    }

    /** The agent every node has unless configured otherwise. */
    public static AgentDefinition assistant(int poolSize) {
        return new AgentDefinition("assistant", "You are a helpful assistant operated by Flotilla.",
                List.of("clock", "word_count"), 4, poolSize);
    }
}
