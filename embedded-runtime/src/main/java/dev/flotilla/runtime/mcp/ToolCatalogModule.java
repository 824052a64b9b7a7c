package dev.flotilla.runtime.mcp;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.FleetModule;
import dev.flotilla.runtime.kernel.ModuleContext;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.tool.Tool;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/tools} (viewer): every tool the node's agents may be given, built in or from an
 * MCP server, with what models are told of it. MCP tools are named {@code server.tool} and their
 * {@code source} is the server; {@code available} is false while their server is restarting.
 */
public final class ToolCatalogModule implements FleetModule {

    /** One tool as listed. */
    public record ToolView(String name, String source, String description,
                           @JsonProperty("input_schema") JsonNode inputSchema, boolean available) {}

    public record ToolList(List<ToolView> tools) {}

    private final List<Tool> tools;

    /** {@code tools}: the node's tools, built in first. */
    public ToolCatalogModule(List<Tool> tools) {
        this.tools = List.copyOf(tools);
    }

    @Override
    public String name() { return "tools"; }

    @Override
    public void register(ModuleContext ctx) {
        ctx.routes().get("/v1/tools", OperatorRole.VIEWER, c -> c.contentType("application/json").result(Json.write(list())));
    }

    public ToolList list() {
        List<ToolView> out = new ArrayList<>();
        for (Tool t : tools) {
            JsonNode schema;
            try {
                schema = Json.MAPPER.readTree(t.inputSchema() == null ? "{\"type\":\"object\",\"properties\":{}}" : t.inputSchema());
            } catch (Exception e) {
                schema = Json.MAPPER.createObjectNode();
            }
            out.add(new ToolView(t.name(), t.source(), t.description(), schema, t.available()));
        }
        return new ToolList(out);
    }
}
