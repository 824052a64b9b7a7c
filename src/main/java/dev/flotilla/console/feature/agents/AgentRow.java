package dev.flotilla.console.feature.agents;

/** One agent of one node's pool, as a table row. {@code currentRun} is empty when idle. */
public record AgentRow(String node, String pool, String agentId, String state, String currentRun, long runsDone) {}
