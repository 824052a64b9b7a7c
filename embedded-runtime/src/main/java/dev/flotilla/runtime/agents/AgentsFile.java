package dev.flotilla.runtime.agents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.agent.AgentPool;
import dev.flotilla.runtime.mcp.McpServerSpec;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.model.anthropic.AnthropicChatModel;
import dev.flotilla.runtime.model.http.ApiKey;
import dev.flotilla.runtime.model.http.ProviderSettings;
import dev.flotilla.runtime.model.openai.OpenAiChatModel;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the node's configuration file (YAML, or JSON which is YAML too): model providers, MCP
 * servers and agents, checked as a whole before anything starts. Every mistake (an unknown
 * field or provider kind, a model naming an unknown provider, a key variable that is not set, an
 * MCP command that is not there, a value of the wrong type) is one {@link ConfigFileException}
 * line naming the file, the line and column, the place and the fix.
 *
 * <pre>
 * providers:
 *   openai: {kind: openai, base_url: "https://api.openai.com/v1", api_key_env: OPENAI_API_KEY}
 *   claude: {kind: anthropic, api_key_file: /run/secrets/anthropic}
 * mcp_servers:
 *   everything: {command: ["npx", "-y", "@modelcontextprotocol/server-everything"]}
 * agents:
 *   assistant:
 *     models: [openai/gpt-4.1-mini, claude/claude-haiku-4-5, simulated/fallback]
 *     system_prompt: "You are a careful assistant."
 *     tools: [clock, "everything.*"]
 *     max_steps: 8
 *     max_output_tokens: 1024
 *     temperature: 0.2
 *     stream: true
 *     pool_size: 4
 * </pre>
 */
public final class AgentsFile {

    public static final Map<String, String> DEFAULT_BASE_URLS = Map.of(
            "openai", "https://api.openai.com/v1",
            "anthropic", "https://api.anthropic.com");

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(YAML)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final String file;
    private final YamlPlaces places;
    private final Map<String, String> env;
    private final Path baseDir;
    private final Set<String> builtInTools;

    private AgentsFile(String file, YamlPlaces places, Map<String, String> env, Path baseDir, Set<String> builtInTools) {
        this.file = file;
        this.places = places;
        this.env = env;
        this.baseDir = baseDir;
        this.builtInTools = builtInTools;
    }

    /** Reads and checks {@code path}; {@code env} holds the key variables; {@code builtInTools} the node's own tools. */
    public static AgentsConfig load(Path path, Map<String, String> env, Set<String> builtInTools, int defaultPoolSize) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new ConfigFileException(path + ": cannot read the configuration file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); check the path given to --config (FLOTILLA_CONFIG)");
        }
        Path dir = path.toAbsolutePath().getParent();
        return parse(path.toString(), text, env, dir, builtInTools, defaultPoolSize);
    }

    /** The same from a text; {@code file} names it in messages, {@code baseDir} resolves relative key files. */
    public static AgentsConfig parse(String file, String text, Map<String, String> env, Path baseDir, Set<String> builtInTools,
                                     int defaultPoolSize) {
        AgentsFile f = new AgentsFile(file, new YamlPlaces(YAML, text), env, baseDir, builtInTools);
        FleetFile raw;
        try {
            raw = MAPPER.readValue(text, FleetFile.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", "));
            throw f.error(e, "unknown field '" + e.getPropertyName() + "'", "use one of: " + known);
        } catch (JsonMappingException e) {
            throw f.error(e, "wrong type: " + e.getOriginalMessage().replaceAll(" at \\[Source.*", "").lines().findFirst().orElse(""),
                    "write the value as the example in docs shows (a list in [ ], a number without quotes)");
        } catch (JsonProcessingException e) {
            throw f.error(e, "not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""), "fix the syntax there");
        }
        if (raw == null) throw new ConfigFileException(file + ":1:1: the file is empty; fix: give at least one of providers:, mcp_servers:, agents:");
        return f.check(raw, defaultPoolSize);
    }

    private AgentsConfig check(FleetFile raw, int defaultPoolSize) {
        Map<String, ChatModel> providers = new LinkedHashMap<>();
        raw.providers().forEach((name, p) -> providers.put(name, provider(name, p)));
        Map<String, McpServerSpec> servers = new LinkedHashMap<>();
        raw.mcpServers().forEach((name, s) -> servers.put(name, server(name, s)));
        List<AgentsConfig.PendingAgent> agents = new ArrayList<>();
        raw.agents().forEach((name, a) -> agents.add(agent(name, a, providers.keySet(), servers.keySet(), defaultPoolSize)));
        return new AgentsConfig(file, providers, servers, agents);
    }

    private ChatModel provider(String name, FleetFile.Provider p) {
        String at = "/providers/" + name;
        if (p == null) throw error(at, "provider '" + name + "' is empty", "give at least kind: openai or kind: anthropic");
        try {
            new ModelRef(name, "x");
        } catch (IllegalArgumentException e) {
            throw error(at, "provider name '" + name + "' is not allowed", "use lower case letters, digits, - and _, starting with a letter");
        }
        if ("simulated".equals(name)) throw error(at, "'simulated' is the built-in provider", "give this provider another name");
        if (p.kind() == null) throw error(at, "provider '" + name + "' has no kind", "add kind: openai (any OpenAI-compatible server) or kind: anthropic");
        if (!DEFAULT_BASE_URLS.containsKey(p.kind())) {
            throw error(at + "/kind", "unknown provider kind '" + p.kind() + "'", "use kind: openai (any OpenAI-compatible server) or kind: anthropic");
        }
        if (p.apiKey() != null) {
            throw error(at + "/api_key", "a key written in the file", "keys never go in the file: put it in an environment variable named by api_key_env, or a file named by api_key_file");
        }
        if (p.apiKeyEnv() != null && p.apiKeyFile() != null) {
            throw error(at + "/api_key_file", "both api_key_env and api_key_file are given", "keep one of them");
        }
        ApiKey key = null;
        if (p.apiKeyEnv() != null) {
            String v = env.get(p.apiKeyEnv());
            if (v == null || v.isBlank()) {
                throw error(at + "/api_key_env", "environment variable " + p.apiKeyEnv() + " is not set",
                        "export " + p.apiKeyEnv() + " with the provider's key before starting the node, or name another variable");
            }
            key = ApiKey.fromEnv(p.apiKeyEnv(), env);
        } else if (p.apiKeyFile() != null) {
            Path keyFile = baseDir == null ? Path.of(p.apiKeyFile()) : baseDir.resolve(p.apiKeyFile());
            try {
                key = ApiKey.fromFile(keyFile);
            } catch (IllegalArgumentException e) {
                throw error(at + "/api_key_file", e.getMessage(), "put the key alone in that file, readable by the node");
            }
        }
        String base = p.baseUrl() != null ? p.baseUrl() : DEFAULT_BASE_URLS.get(p.kind());
        if (okhttp3.HttpUrl.parse(base) == null) throw error(at + "/base_url", "base_url '" + base + "' is not an http(s) URL", "write it as https://host[:port]/path");
        Duration timeout = Duration.ofSeconds(positive(p.timeoutSeconds(), 120, at + "/timeout_seconds"));
        int maxOut = positive(p.defaultMaxOutputTokens(), 4096, at + "/default_max_output_tokens");
        ProviderSettings settings = new ProviderSettings(name, base, key, Duration.ofSeconds(10), timeout, maxOut);
        if ("anthropic".equals(p.kind())) return new AnthropicChatModel(settings, Clock.systemUTC());
        String field = p.maxTokensField();
        if (field != null && !field.equals("max_tokens") && !field.equals("max_completion_tokens")) {
            throw error(at + "/max_tokens_field", "max_tokens_field '" + field + "' is neither max_tokens nor max_completion_tokens", "use one of those two");
        }
        return new OpenAiChatModel(settings, field, Clock.systemUTC());
    }

    private McpServerSpec server(String name, FleetFile.McpServer s) {
        String at = "/mcp_servers/" + name;
        if (s == null || (s.command() == null || s.command().isEmpty()) == (s.url() == null)) {
            throw error(at, "MCP server '" + name + "' needs either command: [program, args...] (stdio) or url: (Streamable HTTP)", "give exactly one of them");
        }
        if (!name.matches("[a-z][a-z0-9_-]{0,31}")) {
            throw error(at, "MCP server name '" + name + "' is not allowed", "use lower case letters, digits, - and _, starting with a letter");
        }
        if (s.command() != null && !s.command().isEmpty() && findProgram(s.command().getFirst()) == null) {
            throw error(at + "/command/0", "MCP command '" + s.command().getFirst() + "' is not found (not a file, not on PATH)",
                    "install it, or give its full path");
        }
        if (s.url() != null && okhttp3.HttpUrl.parse(s.url()) == null) throw error(at + "/url", "url '" + s.url() + "' is not an http(s) URL", "write it as http://host:port/mcp");
        int timeout = positive(s.timeoutSeconds(), (int) McpServerSpec.DEFAULT_TIMEOUT.toSeconds(), at + "/timeout_seconds");
        int maxChars = positive(s.maxResultChars(), McpServerSpec.DEFAULT_MAX_RESULT_CHARS, at + "/max_result_chars");
        return new McpServerSpec(name, s.command(), s.env(), s.url(), Duration.ofSeconds(timeout), maxChars);
    }

    /** {@code program} as a path, or found on the PATH of the node's environment; null when not there. */
    private Path findProgram(String program) {
        if (program.contains("/") || program.contains(File.separator)) {
            Path p = baseDir == null ? Path.of(program) : baseDir.resolve(program);
            return Files.isExecutable(p) ? p : null;
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p) && !Files.isDirectory(p)) return p;
        }
        return null;
    }

    private AgentsConfig.PendingAgent agent(String name, FleetFile.Agent a, Set<String> fileProviders, Set<String> servers, int defaultPoolSize) {
        String at = "/agents/" + name;
        if (!name.matches("[a-z][a-z0-9_-]{0,63}")) {
            throw error(at, "agent name '" + name + "' is not allowed", "use lower case letters, digits, - and _, starting with a letter");
        }
        if (a == null) throw error(at, "agent '" + name + "' is empty", "give at least models: [provider/model]");
        List<ModelRef> models = new ArrayList<>();
        if (a.models() == null || a.models().isEmpty()) {
            models.addAll(AgentDefinition.DEFAULT_MODELS);
        } else {
            for (int i = 0; i < a.models().size(); i++) {
                String m = a.models().get(i);
                ModelRef ref;
                try {
                    ref = ModelRef.parse(m);
                } catch (IllegalArgumentException e) {
                    throw error(at + "/models/" + i, "model '" + m + "' is not provider/model", "write it as e.g. openai/gpt-4.1-mini");
                }
                if (!ref.provider().equals("simulated") && !fileProviders.contains(ref.provider())) {
                    throw error(at + "/models/" + i, "model '" + m + "' names provider '" + ref.provider() + "', which is not defined (providers: "
                            + String.join(", ", concat("simulated", fileProviders)) + ")", "add it under providers:, or fix the name");
                }
                if (models.contains(ref)) throw error(at + "/models/" + i, "model '" + m + "' is listed twice", "list each model once");
                models.add(ref);
            }
        }
        List<String> tools = a.tools() == null ? List.of() : a.tools();
        for (int i = 0; i < tools.size(); i++) {
            String t = tools.get(i);
            String server = AgentsConfig.serverOf(t);
            if (server != null ? !servers.contains(server) : !builtInTools.contains(t)) {
                throw error(at + "/tools/" + i, server != null
                        ? "tool '" + t + "' names MCP server '" + server + "', which is not defined (servers: " + String.join(", ", servers) + ")"
                        : "no tool named '" + t + "' (built in: " + String.join(", ", builtInTools) + ")",
                        server != null ? "add it under mcp_servers:, or fix the name" : "use a built-in tool, or server.tool / server.* for an MCP server's tools");
            }
        }
        int maxSteps = positive(a.maxSteps(), 4, at + "/max_steps");
        int pool = positive(a.poolSize(), defaultPoolSize, at + "/pool_size");
        if (pool > AgentPool.MAX_SIZE) throw error(at + "/pool_size", "pool_size " + pool + " is above " + AgentPool.MAX_SIZE, "use 1 to " + AgentPool.MAX_SIZE);
        Integer maxOut = a.maxOutputTokens() == null ? null : positive(a.maxOutputTokens(), 1, at + "/max_output_tokens");
        if (a.temperature() != null && (a.temperature() < 0 || a.temperature() > 2)) {
            throw error(at + "/temperature", "temperature " + a.temperature() + " is out of range", "use 0 to 2");
        }
        int timeout = positive(a.runTimeoutSeconds(), (int) AgentDefinition.DEFAULT_RUN_TIMEOUT.toSeconds(), at + "/run_timeout_seconds");
        String prompt = a.systemPrompt() != null ? a.systemPrompt() : "You are " + name + ", an agent operated by Flotilla.";
        AgentDefinition template = new AgentDefinition(name, prompt, List.of(), maxSteps, pool, models, Duration.ofSeconds(timeout),
                new AgentDefinition.ModelSettings(a.temperature(), maxOut, Boolean.TRUE.equals(a.stream())));
        List<String> toolPlaces = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) toolPlaces.add(place(at + "/tools/" + i));
        return new AgentsConfig.PendingAgent(template, tools, toolPlaces);
    }

    private static List<String> concat(String first, Set<String> rest) {
        List<String> out = new ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }

    private int positive(Integer v, int dflt, String at) {
        if (v == null) return dflt;
        if (v < 1) throw error(at, at.substring(at.lastIndexOf('/') + 1) + " is " + v, "use a whole number of at least 1");
        return v;
    }

    private String place(String pointer) {
        return file + ":" + places.of(pointer) + ": at " + dotted(pointer);
    }

    private ConfigFileException error(String pointer, String what, String fix) {
        return new ConfigFileException(place(pointer) + ": " + what + "; fix: " + fix);
    }

    private ConfigFileException error(JsonProcessingException e, String what, String fix) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder pointer = new StringBuilder();
            for (JsonMappingException.Reference r : m.getPath()) {
                pointer.append('/').append(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
            }
            return error(pointer.toString(), what, fix); // the parser's own location is past the value
        }
        String where = e.getLocation() == null ? "1:1" : e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
        return new ConfigFileException(file + ":" + where + ": " + what + "; fix: " + fix);
    }

    /** {@code /agents/assistant/models/0} as {@code agents.assistant.models[0]}. */
    static String dotted(String pointer) {
        StringBuilder b = new StringBuilder();
        for (String part : pointer.substring(1).split("/")) {
            if (part.matches("\\d+")) b.append('[').append(part).append(']');
            else b.append(b.isEmpty() ? "" : ".").append(part.replace("~1", "/").replace("~0", "~"));
        }
        return b.toString();
    }
}
