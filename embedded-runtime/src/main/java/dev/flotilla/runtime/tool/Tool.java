package dev.flotilla.runtime.tool;

import dev.flotilla.runtime.kernel.Principal;

/**
 * Something an agent may call between model turns. Implementations are fast and side-effect free
 * here. A tool that throws is a bug the runtime fails on: the run's delivery fails, the run goes
 * back in line and ends in the dead letters if it keeps failing.
 */
public interface Tool {
    String name();

    String description();

    /** The tool's arguments as a JSON Schema text, for models that are told; null: any object. */
    default String inputSchema() { return null; }

    /** Where the tool comes from: {@code builtin}, or the name of the MCP server that serves it. */
    default String source() { return "builtin"; }

    /** False while the tool cannot be called (its MCP server is down and being restarted). */
    default boolean available() { return true; }

    /** Runs the tool on JSON arguments and returns its text result. */
    String call(String argumentsJson, ToolContext context);

    /** What a tool may know about the call it serves: the run, its agent and input, and who submitted it. */
    record ToolContext(String runId, String agent, String input, Principal principal) {}
}
