package dev.flotilla.runtime.agents;

import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.mcp.McpServerSpec;
import dev.flotilla.runtime.model.ChatModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checked configuration file: its providers (ready to call), its MCP servers (to start) and its
 * agents, whose MCP tools ({@code server.tool}, or {@code server.*} for all of a server's) are
 * settled by {@link #agents} once the servers have said which tools they have.
 */
public record AgentsConfig(String file, Map<String, ChatModel> providers, Map<String, McpServerSpec> mcpServers,
                           List<PendingAgent> pending) {

    public AgentsConfig {
        providers = Map.copyOf(providers);
        mcpServers = Map.copyOf(mcpServers);
        pending = List.copyOf(pending);
    }

    /** An agent as written: everything but its MCP tools settled; {@code toolPlaces} say where each tool was written. */
    public record PendingAgent(AgentDefinition template, List<String> tools, List<String> toolPlaces) {}

    /**
     * The agents with their tools settled: built-in names as written, {@code server.*} as every
     * tool {@code mcpTools} lists for that server, {@code server.tool} checked against that list.
     * Tool names in the runtime are {@code server.tool}.
     */
    public List<AgentDefinition> agents(Map<String, List<String>> mcpTools) {
        List<AgentDefinition> out = new ArrayList<>();
        for (PendingAgent p : pending) {
            Set<String> tools = new LinkedHashSet<>();
            for (int i = 0; i < p.tools().size(); i++) {
                String t = p.tools().get(i);
                String server = serverOf(t);
                if (server == null) {
                    tools.add(t);
                    continue;
                }
                List<String> offered = mcpTools.getOrDefault(server, List.of());
                String tool = t.substring(server.length() + 1);
                if (tool.equals("*")) {
                    offered.forEach(name -> tools.add(server + "." + name));
                } else if (offered.contains(tool)) {
                    tools.add(server + "." + tool);
                } else {
                    throw new ConfigFileException(p.toolPlaces().get(i) + ": MCP server '" + server + "' has no tool '" + tool
                            + "' (it has: " + String.join(", ", offered) + "); fix: name one of those, or " + server + ".*");
                }
            }
            AgentDefinition a = p.template();
            out.add(new AgentDefinition(a.name(), a.systemPrompt(), List.copyOf(tools), a.maxSteps(), a.poolSize(), a.models(),
                    a.runTimeout(), a.modelSettings()));
        }
        return out;
    }

    /** The MCP server a tool entry names ({@code everything} of {@code everything.echo}, {@code everything.*} or {@code everything:*}), or null for a built-in. */
    static String serverOf(String tool) {
        int dot = tool.indexOf('.');
        int colon = tool.indexOf(':');
        int at = dot < 0 ? colon : colon < 0 ? dot : Math.min(dot, colon);
        return at <= 0 ? null : tool.substring(0, at);
    }
}
