package dev.flotilla.runtime.agents;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration file as written: providers, MCP servers and agents by name. Field names are
 * the file's (snake_case); anything else in the file is a mistake reported with its line.
 */
record FleetFile(Map<String, Provider> providers, @JsonProperty("mcp_servers") Map<String, McpServer> mcpServers,
                 Map<String, Agent> agents) {

    FleetFile {
        providers = providers == null ? Map.of() : new LinkedHashMap<>(providers);
        mcpServers = mcpServers == null ? Map.of() : new LinkedHashMap<>(mcpServers);
        agents = agents == null ? Map.of() : new LinkedHashMap<>(agents);
    }

    /**
     * A model provider. {@code api_key} is read only to refuse it: keys never go in the file.
     * {@code max_tokens_field}: OpenAI-compatible servers that want {@code max_tokens}.
     */
    record Provider(String kind, @JsonProperty("base_url") String baseUrl, @JsonProperty("api_key_env") String apiKeyEnv,
                    @JsonProperty("api_key_file") String apiKeyFile, @JsonProperty("api_key") String apiKey,
                    @JsonProperty("timeout_seconds") Integer timeoutSeconds,
                    @JsonProperty("max_tokens_field") String maxTokensField,
                    @JsonProperty("default_max_output_tokens") Integer defaultMaxOutputTokens) {}

    /** An MCP server: a command to start (stdio) or a URL (Streamable HTTP). */
    record McpServer(List<String> command, Map<String, String> env, String url,
                     @JsonProperty("timeout_seconds") Integer timeoutSeconds,
                     @JsonProperty("max_result_chars") Integer maxResultChars) {}

    record Agent(List<String> models, @JsonProperty("system_prompt") String systemPrompt, List<String> tools,
                 @JsonProperty("max_steps") Integer maxSteps, @JsonProperty("max_output_tokens") Integer maxOutputTokens,
                 Double temperature, Boolean stream, @JsonProperty("pool_size") Integer poolSize,
                 @JsonProperty("run_timeout_seconds") Integer runTimeoutSeconds) {}
}
