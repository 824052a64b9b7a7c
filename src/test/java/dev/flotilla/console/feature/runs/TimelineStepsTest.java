package dev.flotilla.console.feature.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.flotilla.console.ContractJson;
import dev.flotilla.console.MutableClock;
import dev.flotilla.console.fleet.Json;
import dev.flotilla.console.fleet.RunInfo;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A run's timeline, from the run's JSON to the steps the detail pane draws. */
class TimelineStepsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T18:00:00Z"));

    @Test
    void eachAttemptRetryWaitAndFallbackIsOneStepInOrderWithWhatItTookAndWhy() throws Exception {
        RunInfo run = Json.MAPPER.readValue(ContractJson.runWithTimeline("run_t"), RunInfo.class);
        assertThat(TimelineSteps.of(run, clock))
                .extracting(TimelineSteps.Step::title, TimelineSteps.Step::detail, TimelineSteps.Step::tone)
                .containsExactly(
                        tuple("Queued", "", TimelineSteps.NEUTRAL),
                        tuple("Started", "on n1", TimelineSteps.NEUTRAL),
                        tuple("Waited 300 ms · simulated/primary", "for the provider's budget (rpm)", TimelineSteps.WARNING),
                        tuple("Attempt · simulated/primary · 250 ms", "outcome: model_rate_limited: simulated 429 Too Many Requests",
                                TimelineSteps.WARNING),
                        tuple("Retry · simulated/primary · after " + String.format("%.1f s", 1.2),
                                "model_rate_limited; attempt 1 failed, trying again", TimelineSteps.WARNING),
                        tuple("Attempt · simulated/primary · 50 ms", "outcome: model_server_error: simulated 500 Internal Server Error",
                                TimelineSteps.WARNING),
                        tuple("Retry · simulated/primary · at once", "model_server_error; attempt 2 failed, trying again", TimelineSteps.WARNING),
                        // the runtime's "circuit breaker open: not called" says what the title says
                        tuple("Breaker of simulated/primary open: failed fast", "", TimelineSteps.DANGER),
                        tuple("Fell back to simulated/fallback", "from simulated/primary: breaker open", TimelineSteps.WARNING),
                        tuple("Attempt · simulated/fallback · " + String.format("%.1f s", 1.6), "outcome: ok", TimelineSteps.OK),
                        tuple("Succeeded · simulated/fallback", "", TimelineSteps.OK),
                        tuple("Teleported", "a kind from a newer node", TimelineSteps.NEUTRAL));
        var steps = TimelineSteps.of(run, clock);
        assertThat(steps.getFirst().time()).isEqualTo("16:18:57.000");
        assertThat(steps.getFirst().offset()).isEmpty();
        assertThat(steps.get(4).offset()).isEqualTo("+650 ms");
        assertThat(steps.get(10).offset()).isEqualTo("+" + String.format("%.1f s", 3.5));
    }

    @Test
    void theHeaderNamesTheModelThatAnsweredWhyItFellBackAndWhatMadeItSeveralCalls() throws Exception {
        RunInfo run = Json.MAPPER.readValue(ContractJson.runWithTimeline("run_t"), RunInfo.class);
        assertThat(RunFacts.of(run, clock)).extracting(RunFacts.Fact::name, RunFacts.Fact::value)
                .contains(tuple("Model", "simulated/fallback"), tuple("Fallback", "simulated/primary: breaker open"),
                        tuple("Attempts", "3 (2 retries, 1 fallback)"), tuple("Deliveries", "1"));
    }

    @Test
    void aWaitForABulkheadAndACancelledRunReadAsWhatTheyAre() throws Exception {
        RunInfo run = Json.MAPPER.readValue("""
                {"run_id": "run_c", "agent": "assistant", "status": "cancelled", "attempts": 1, "timeline": [
                  {"at": "2026-11-27T16:18:57.000Z", "kind": "wait", "model": "openai/gpt-4o", "detail": "bulkhead of provider openai", "duration_ms": 40},
                  {"at": "2026-11-27T16:18:58.000Z", "kind": "cancelled", "detail": "by an operator"}]}""", RunInfo.class);
        assertThat(TimelineSteps.of(run, clock)).extracting(TimelineSteps.Step::title, TimelineSteps.Step::detail, TimelineSteps.Step::tone)
                .containsExactly(tuple("Waited 40 ms · openai/gpt-4o", "for a free slot in the bulkhead of provider openai", TimelineSteps.WARNING),
                        tuple("Cancelled", "by an operator", TimelineSteps.WARNING));
        assertThat(RunFacts.attempts(run)).isEqualTo("1");
    }

    @Test
    void aToolCallIsAStepWithItsNameOutcomeAndDurationSoTheSecondModelCallReadsAsWhatItIs() throws Exception {
        RunInfo run = Json.MAPPER.readValue("""
                {"run_id": "run_tool", "agent": "assistant", "status": "succeeded", "attempts": 1, "timeline": [
                  {"at": "2026-11-27T16:18:57.000Z", "kind": "attempt", "model": "simulated/primary", "detail": "ok", "duration_ms": 120},
                  {"at": "2026-11-27T16:18:57.120Z", "kind": "tool", "tool": "word_count", "outcome": "ok", "duration_ms": 3, "detail": "5 words"},
                  {"at": "2026-11-27T16:18:57.130Z", "kind": "attempt", "model": "simulated/primary", "detail": "ok", "duration_ms": 90},
                  {"at": "2026-11-27T16:18:57.220Z", "kind": "tool", "tool": "clock", "outcome": "error", "duration_ms": 1, "detail": "clock unavailable"},
                  {"at": "2026-11-27T16:18:57.230Z", "kind": "tool", "tool": "shell", "outcome": "refused", "duration_ms": 0, "detail": "role user may not call shell"},
                  {"at": "2026-11-27T16:18:57.240Z", "kind": "attempt", "model": "simulated/primary", "detail": "ok", "duration_ms": 80},
                  {"at": "2026-11-27T16:18:57.320Z", "kind": "succeeded", "model": "simulated/primary"}]}""", RunInfo.class);
        assertThat(run.timeline().get(1)).extracting(RunInfo.TimelineEntry::tool, RunInfo.TimelineEntry::outcome)
                .containsExactly("word_count", "ok");
        assertThat(TimelineSteps.of(run, clock))
                .extracting(TimelineSteps.Step::kind, TimelineSteps.Step::title, TimelineSteps.Step::detail, TimelineSteps.Step::tone)
                .containsExactly(
                        tuple("attempt", "Attempt · simulated/primary · 120 ms", "outcome: ok", TimelineSteps.OK),
                        tuple("tool", "Tool call · word_count · 3 ms", "outcome: ok: 5 words", TimelineSteps.OK),
                        tuple("attempt", "Attempt · simulated/primary · 90 ms", "outcome: ok", TimelineSteps.OK),
                        tuple("tool", "Tool call · clock · 1 ms", "outcome: error: clock unavailable", TimelineSteps.WARNING),
                        tuple("tool", "Tool call · shell · 0 ms", "outcome: refused: role user may not call shell", TimelineSteps.DANGER),
                        tuple("attempt", "Attempt · simulated/primary · 80 ms", "outcome: ok", TimelineSteps.OK),
                        tuple("succeeded", "Succeeded · simulated/primary", "", TimelineSteps.OK));
        // three model calls and no retry (the node counts the last round's one): the tool calls say why
        assertThat(RunFacts.attempts(run)).isEqualTo("3 (3 tool calls)");
    }

    @Test
    void aToolStepFromANodeThatGivesNoOutcomeStillNamesItsTool() throws Exception {
        RunInfo run = Json.MAPPER.readValue("""
                {"run_id": "run_t2", "agent": "assistant", "status": "running", "attempts": 1, "timeline": [
                  {"at": "2026-11-27T16:18:57.000Z", "kind": "tool", "tool": "clock"}]}""", RunInfo.class);
        assertThat(TimelineSteps.of(run, clock)).extracting(TimelineSteps.Step::title, TimelineSteps.Step::detail, TimelineSteps.Step::tone)
                .containsExactly(tuple("Tool call · clock", "", TimelineSteps.NEUTRAL));
    }

    @Test
    void aRunFromANodeWithoutTimelinesHasNoSteps() throws Exception {
        RunInfo old = Json.MAPPER.readValue("""
                {"run_id": "run_old", "agent": "assistant", "status": "succeeded", "model": "simulated", "attempts": 1}""", RunInfo.class);
        assertThat(old.timeline()).isEmpty();
        assertThat(TimelineSteps.of(old, clock)).isEmpty();
        assertThat(RunFacts.of(old, clock)).extracting(RunFacts.Fact::name).doesNotContain("Fallback", "Deliveries");
    }
}
