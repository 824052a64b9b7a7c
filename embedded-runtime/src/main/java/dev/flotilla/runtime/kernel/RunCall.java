package dev.flotilla.runtime.kernel;

import dev.flotilla.runtime.model.ChatMessage;
import java.util.List;
import java.util.Objects;

/** One run executing on a node: the run (who, which agent, what input, until when) and its session's earlier turns. */
public record RunCall(RunScope run, List<ChatMessage> history) {

    public RunCall {
        Objects.requireNonNull(run, "run is null");
        history = List.copyOf(history);
    }

    public Principal principal() { return run.principal(); }

    public String runId() { return run.runId(); }

    public String agent() { return run.agent(); }
}
