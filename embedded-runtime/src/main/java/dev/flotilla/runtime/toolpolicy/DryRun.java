package dev.flotilla.runtime.toolpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.flotilla.runtime.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Replays recorded tool calls against a draft policy and the one in force, and counts the calls
 * whose decision would change: which would have been refused that were allowed, and the reverse.
 * Only the policy is replayed (the agent's own tool list and the tool itself are not).
 */
final class DryRun {

    /** Shown per changed call, at most: enough to see what a change does without a flood. */
    static final int CHANGES_SHOWN = 100;

    /** One call whose decision changes; never its arguments. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Changed(String runId, String toolRole, String tool, String before, String after, String reason) {}

    /** {@code runs} and {@code calls} replayed; {@code allowedToRefused} and {@code refusedToAllowed} counted; {@code changes} the first few. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Result(long againstVersion, int runs, int calls, int allowedToRefused, int refusedToAllowed, int otherChanges,
                  List<Changed> changes) {}

    private DryRun() {}

    /** {@code recorded}: call JSON, newest first; the calls of the newest {@code lastRuns} runs are replayed. */
    static Result replay(List<String> recorded, int lastRuns, PolicyVersion current, ToolPolicy draft) {
        Set<String> runs = new HashSet<>();
        int calls = 0;
        int toRefused = 0;
        int toAllowed = 0;
        int other = 0;
        List<Changed> changes = new ArrayList<>();
        for (String json : recorded) {
            JsonNode c;
            try {
                c = Json.MAPPER.readTree(json);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                continue; // not ours to fail on: a damaged record is skipped
            }
            String run = c.path("run").asText();
            if (!runs.contains(run)) {
                if (runs.size() >= lastRuns) continue;
                runs.add(run);
            }
            calls++;
            String role = c.path("role").asText();
            String tool = c.path("tool").asText();
            String args = c.path("args").asText("");
            Decision before = current.policy().decide(role, tool, args);
            Decision after = draft.decide(role, tool, args);
            if (before.verdict() == after.verdict()) continue;
            if (before.verdict() == Decision.Verdict.ALLOWED && after.verdict() == Decision.Verdict.REFUSED) toRefused++;
            else if (before.verdict() == Decision.Verdict.REFUSED && after.verdict() == Decision.Verdict.ALLOWED) toAllowed++;
            else other++;
            if (changes.size() < CHANGES_SHOWN) {
                changes.add(new Changed(run, role, tool, before.verdict().wire(), after.verdict().wire(),
                        after.reason() != null ? after.reason() : before.reason()));
            }
        }
        return new Result(current.number(), runs.size(), calls, toRefused, toAllowed, other, changes);
    }
}
