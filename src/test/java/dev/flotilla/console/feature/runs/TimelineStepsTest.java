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
    void aRunFromANodeWithoutTimelinesHasNoSteps() throws Exception {
        RunInfo old = Json.MAPPER.readValue("""
                {"run_id": "run_old", "agent": "assistant", "status": "succeeded", "model": "simulated", "attempts": 1}""", RunInfo.class);
        assertThat(old.timeline()).isEmpty();
        assertThat(TimelineSteps.of(old, clock)).isEmpty();
        assertThat(RunFacts.of(old, clock)).extracting(RunFacts.Fact::name).doesNotContain("Fallback", "Deliveries");
    }
}
