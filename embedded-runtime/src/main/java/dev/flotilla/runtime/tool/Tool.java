package dev.flotilla.runtime.tool;

/** Something an agent may call between model turns. Implementations are fast and side-effect free here. */
public interface Tool {
    String name();

    String description();

    /** Runs the tool on JSON arguments and returns its text result. */
    String call(String argumentsJson, ToolContext context);

    /** What a tool may know about the call it serves. */
    record ToolContext(String runId, String agent, String input) {}
}
