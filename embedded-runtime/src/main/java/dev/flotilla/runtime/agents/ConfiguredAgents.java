package dev.flotilla.runtime.agents;

import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.mcp.McpServers;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.tool.Tool;
import dev.flotilla.runtime.tool.ToolRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A configuration file made real before the node starts: its providers, its MCP servers started
 * (their tools listed), its agents with their tools settled. The caller hands the providers,
 * tools and agents to the node's builder and closes {@link #mcp()} after the node.
 */
public record ConfiguredAgents(Map<String, ChatModel> providers, McpServers mcp, List<AgentDefinition> agents) {

    /** The names of the tools every node has. */
    public static Set<String> builtInTools() {
        Set<String> names = new LinkedHashSet<>();
        for (Tool t : ToolRegistry.builtIn(Clock.systemUTC()).all()) names.add(t.name());
        return names;
    }

    /** Checks {@code file} (env: the node's environment), starts its MCP servers and settles its agents. */
    public static ConfiguredAgents start(Path file, Map<String, String> env, int defaultPoolSize) {
        AgentsConfig config = AgentsFile.load(file, env, builtInTools(), defaultPoolSize);
        McpServers mcp;
        try {
            mcp = McpServers.start(config.mcpServers());
        } catch (RuntimeException e) {
            throw new ConfigFileException(file + ": " + e.getMessage() + "; fix: check the server's command: and that it runs by itself");
        }
        try {
            return new ConfiguredAgents(config.providers(), mcp, config.agents(mcp.toolNames()));
        } catch (RuntimeException e) {
            mcp.close();
            throw e;
        }
    }
}
