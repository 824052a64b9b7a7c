package dev.flotilla.runtime.mcp;

import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.tool.Tool;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * One tool of an MCP server as an ordinary tool of the node: named {@code server.tool} (so
 * permissions, the timeline and the Agents page name it so), described and typed as the server
 * says, served by its {@link McpConnection}. Failures (the server away, a timeout, a tool error)
 * are answers the model reads, starting with {@code error:}, not failures of the run.
 */
final class McpTool implements Tool {

    private final McpConnection server;
    private final String tool;
    private final String description;
    private final String schema;

    McpTool(McpConnection server, McpSchema.Tool tool) {
        this.server = server;
        this.tool = tool.name();
        this.description = tool.description() == null ? "" : tool.description();
        this.schema = tool.inputSchema() == null ? null : Json.write(tool.inputSchema());
    }

    @Override public String name() { return server.spec().name() + "." + tool; }

    @Override public String description() { return description; }

    @Override public String inputSchema() { return schema; }

    @Override public String source() { return server.spec().name(); }

    /** False while its server is down and being restarted. */
    @Override
    public boolean available() { return server.available(); }

    @Override
    public String call(String argumentsJson, ToolContext context) {
        return server.call(tool, argumentsJson);
    }
}
