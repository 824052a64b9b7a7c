package dev.flotilla.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.ratelimit.RequestLimits;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import dev.flotilla.runtime.tool.Tool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On a real node: a run that calls a tool shows the call on its timeline (between the two rounds of
 * model attempts it explains), and who submitted the run reaches the tool and is stored with the run.
 */
class ToolStepsTest {

    /** Answers with who asked, as the tool sees it. */
    static final Tool WHOAMI = new Tool() {
        @Override public String name() { return "whoami"; }

        @Override public String description() { return "Who submitted this run."; }

        @Override
        public String call(String argumentsJson, ToolContext ctx) {
            return ctx.principal().keyName() + " acting as " + ctx.principal().toolRole();
        }
    };

    @Test
    void aRunsTimelineShowsItsToolCallAndTheToolKnowsWhoAsked() {
        AgentDefinition assistant = new AgentDefinition("assistant", "help", List.of("clock", "word_count", "whoami"), 4, 2);
        try (FleetRuntime node = TestNodes.node().agent(assistant).tool(WHOAMI).build().start()) {
            Http http = TestNodes.http(node);
            String id = http.submit("assistant", "whoami? tell me", null);

            JsonNode run = http.awaitTerminal(id, Duration.ofSeconds(20));

            assertThat(run.path("status").asText()).isEqualTo("succeeded");
            assertThat(run.path("output").asText()).contains("A tool answered: admin acting as superadmin");
            List<String> kinds = new ArrayList<>();
            run.path("timeline").forEach(step -> kinds.add(step.path("kind").asText()));
            assertThat(kinds).containsSubsequence("attempt", "tool", "attempt", "succeeded");
            JsonNode tool = step(run, "tool");
            assertThat(tool.path("tool").asText()).isEqualTo("whoami");
            assertThat(tool.path("outcome").asText()).isEqualTo("ok");
            assertThat(tool.path("duration_ms").isIntegralNumber()).isTrue();
            assertThat(tool.has("at")).isTrue();

            JsonNode principal = run.path("principal");
            assertThat(principal.path("key_id").asText()).isEqualTo(RequestLimits.fingerprint(TestNodes.KEY));
            assertThat(principal.path("key_name").asText()).isEqualTo("admin");
            assertThat(principal.path("operator_role").asText()).isEqualTo("admin");
            assertThat(principal.path("tool_role").asText()).isEqualTo("superadmin");
            assertThat(run.toString()).doesNotContain(TestNodes.KEY);
        }
    }

    private static JsonNode step(JsonNode run, String kind) {
        for (JsonNode step : run.path("timeline")) if (step.path("kind").asText().equals(kind)) return step;
        throw new AssertionError("no " + kind + " step in " + run.path("timeline"));
    }
}
