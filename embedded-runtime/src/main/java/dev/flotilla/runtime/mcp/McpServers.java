package dev.flotilla.runtime.mcp;

import dev.flotilla.runtime.tool.Tool;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The MCP servers of a node, started together before the node starts: each server's tools become
 * ordinary tools named {@code server.tool}. A server that cannot start stops the node with one
 * line naming it; one that dies later is restarted by its connection.
 */
public final class McpServers implements AutoCloseable {

    private final List<McpConnection> connections = new ArrayList<>();
    private final List<Tool> tools = new ArrayList<>();
    private final Map<String, List<String>> toolNames = new LinkedHashMap<>();

    private McpServers() {}

    public static McpServers start(Map<String, McpServerSpec> specs) {
        McpServers servers = new McpServers();
        try {
            for (McpServerSpec spec : specs.values()) {
                McpConnection c = new McpConnection(spec);
                servers.connections.add(c);
                List<String> names = new ArrayList<>();
                for (McpSchema.Tool t : c.start()) {
                    servers.tools.add(new McpTool(c, t));
                    names.add(t.name());
                }
                servers.toolNames.put(spec.name(), List.copyOf(names));
            }
        } catch (RuntimeException e) {
            servers.close();
            throw e;
        }
        return servers;
    }

    /** Every server's tools, as tools of the node. */
    public List<Tool> tools() { return List.copyOf(tools); }

    /** The tools each server offers, by the server's own names (without the {@code server.} prefix). */
    public Map<String, List<String>> toolNames() { return Map.copyOf(toolNames); }

    public McpConnection connection(String server) {
        return connections.stream().filter(c -> c.spec().name().equals(server)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no MCP server named " + server));
    }

    @Override
    public void close() {
        connections.forEach(McpConnection::close);
    }
}
