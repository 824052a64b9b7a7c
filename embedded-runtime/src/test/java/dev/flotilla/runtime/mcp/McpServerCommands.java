package dev.flotilla.runtime.mcp;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How tests start the reference MCP servers from the npm registry: the installed command
 * ({@code npm install -g @modelcontextprotocol/server-everything @modelcontextprotocol/server-filesystem},
 * as .ci/run does), else through {@code npx -y}; without Node.js the test fails saying so.
 */
final class McpServerCommands {

    private McpServerCommands() {}

    static List<String> everything() {
        return command("mcp-server-everything", "@modelcontextprotocol/server-everything");
    }

    /** The everything server serving Streamable HTTP (at {@code /mcp} on the port in its {@code PORT} variable). */
    static List<String> everythingOverHttp() {
        return java.util.stream.Stream.concat(everything().stream(), java.util.stream.Stream.of("streamableHttp")).toList();
    }

    static List<String> filesystem(Path root) {
        List<String> base = command("mcp-server-filesystem", "@modelcontextprotocol/server-filesystem");
        return java.util.stream.Stream.concat(base.stream(), java.util.stream.Stream.of(root.toString())).toList();
    }

    private static List<String> command(String bin, String pkg) {
        if (onPath(bin) != null) return List.of(bin);
        if (onPath("npx") != null) return List.of("npx", "-y", pkg);
        throw new AssertionError("neither " + bin + " nor npx is on PATH: install Node.js and run "
                + "'npm install -g @modelcontextprotocol/server-everything @modelcontextprotocol/server-filesystem' (as .ci/run does)");
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isBlank()) continue;
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }
}
