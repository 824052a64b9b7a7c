package dev.flotilla.runtime.kernel;

import java.util.Objects;

/** One tool call a model asked for during a run: the tool's name and its JSON arguments. */
public record ToolCall(RunScope run, String tool, String arguments) {

    public ToolCall {
        Objects.requireNonNull(run, "run is null");
        Objects.requireNonNull(tool, "tool is null");
        Objects.requireNonNull(arguments, "arguments is null");
    }

    public Principal principal() { return run.principal(); }

    public String runId() { return run.runId(); }

    public String agent() { return run.agent(); }
}
