package dev.flotilla.runtime.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One MCP server as configured: started as {@code command} (stdio, with {@code env} added) or
 * reached at {@code url} (Streamable HTTP). A tool call slower than {@code callTimeout} is cut;
 * a result longer than {@code maxResultChars} is cut to it.
 */
public record McpServerSpec(String name, List<String> command, Map<String, String> env, String url,
                            Duration callTimeout, int maxResultChars) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RESULT_CHARS = 20_000;

    public McpServerSpec {
        Objects.requireNonNull(name, "name is null");
        if (!name.matches("[a-z][a-z0-9_-]{0,31}")) throw new IllegalArgumentException("MCP server name must match [a-z][a-z0-9_-]{0,31}: " + name);
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        if (command.isEmpty() == (url == null)) throw new IllegalArgumentException("MCP server " + name + " needs a command or a url, not both");
        callTimeout = callTimeout == null ? DEFAULT_TIMEOUT : callTimeout;
        if (maxResultChars < 1) throw new IllegalArgumentException("max result chars of MCP server " + name + " < 1: " + maxResultChars);
    }

    public boolean stdio() { return !command.isEmpty(); }
}
