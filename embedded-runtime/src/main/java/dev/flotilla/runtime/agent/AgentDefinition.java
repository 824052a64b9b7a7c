package dev.flotilla.runtime.agent;

import java.util.List;

/** What an agent is: its name, its instructions, the tools it may call, and how many steps it may take. */
public record AgentDefinition(String name, String systemPrompt, List<String> tools, int maxSteps, int poolSize) {

    public AgentDefinition {
        if (name == null || !name.matches("[a-z][a-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException("agent name must match [a-z][a-z0-9_-]{0,63}: " + name);
        }
        if (maxSteps < 1) throw new IllegalArgumentException("maxSteps < 1: " + maxSteps);
        if (poolSize < 1 || poolSize > AgentPool.MAX_SIZE) {
            throw new IllegalArgumentException("poolSize not in [1," + AgentPool.MAX_SIZE + "]: " + poolSize);
        }
        tools = List.copyOf(tools);
    }

    /** The agent every node has unless configured otherwise. */
    public static AgentDefinition assistant(int poolSize) {
        return new AgentDefinition("assistant", "You are a helpful assistant operated by Flotilla.",
                List.of("clock", "word_count"), 4, poolSize);
    }
}
