package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a draft tool policy would have decided differently ({@code POST /v1/tool-policy/dry-run}):
 * the calls of the newest {@code runs} runs replayed against it and against the version in force.
 */
public record ToolPolicyDryRun(@JsonProperty("against_version") long againstVersion, int runs, int calls,
                               @JsonProperty("allowed_to_refused") int allowedToRefused,
                               @JsonProperty("refused_to_allowed") int refusedToAllowed,
                               @JsonProperty("other_changes") int otherChanges,
                               List<Change> changes) {

    public ToolPolicyDryRun {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** One call that would be decided differently (never its arguments). */
    public record Change(@JsonProperty("run_id") String runId, @JsonProperty("tool_role") String toolRole, String tool,
                         String before, String after, String reason) {}
}
