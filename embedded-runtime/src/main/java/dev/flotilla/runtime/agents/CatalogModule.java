package dev.flotilla.runtime.agents;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.FleetModule;
import dev.flotilla.runtime.kernel.ModuleContext;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.tool.Tool;
import java.util.ArrayList;
import java.util.List;

/**
 * What a node's agents are and may use, for operators to review: {@code GET /v1/tools} (viewer),
 * every tool the node's agents may be given, built in or from an MCP server, with what models are
 * told of it (MCP tools are named {@code server.tool}, their {@code source} is the server,
 * {@code available} is false while it restarts); {@code GET /v1/agents} (viewer), each agent's
 * models, tools, prompt and settings. Never a provider's key: agents name models, not keys.
 */
public final class CatalogModule implements FleetModule {

    /** One tool as listed. */
    public record ToolView(String name, String source, String description,
                           @JsonProperty("input_schema") JsonNode inputSchema, boolean available) {}

    public record ToolList(List<ToolView> tools) {}

    /** One agent as defined. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AgentView(String name, List<String> models, List<String> tools,
                            @JsonProperty("system_prompt") String systemPrompt, @JsonProperty("max_steps") int maxSteps,
                            @JsonProperty("pool_size") int poolSize, Double temperature,
                            @JsonProperty("max_output_tokens") Integer maxOutputTokens, boolean stream,
                            @JsonProperty("run_timeout_seconds") long runTimeoutSeconds) {}

    public record AgentList(List<AgentView> agents) {}

    private final List<Tool> tools;
    private final List<AgentDefinition> agents;

    /** {@code tools}: the node's tools, built in first; {@code agents}: the node's agents. */
    public CatalogModule(List<Tool> tools, List<AgentDefinition> agents) {
        this.tools = List.copyOf(tools);
        this.agents = List.copyOf(agents);
    }

    @Override
    public String name() { return "catalog"; }

    @Override
    public void register(ModuleContext ctx) {
        ctx.routes()
                .get("/v1/tools", OperatorRole.VIEWER, c -> c.contentType("application/json").result(Json.write(list())))
                .get("/v1/agents", OperatorRole.VIEWER, c -> c.contentType("application/json").result(Json.write(agents())));
    }

    public AgentList agents() {
        List<AgentView> out = new ArrayList<>();
        for (AgentDefinition a : agents) {
            AgentDefinition.ModelSettings m = a.modelSettings();
            out.add(new AgentView(a.name(), a.models().stream().map(Object::toString).toList(), a.tools(), a.systemPrompt(),
                    a.maxSteps(), a.poolSize(), m.temperature(), m.maxOutputTokens(), m.stream(), a.runTimeout().toSeconds()));
        }
        return new AgentList(out);
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
