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
                        tuple("Started", "node n1", TimelineSteps.NEUTRAL),
                        tuple("Attempt · openai/gpt-4o · 250 ms", "outcome: rate_limited", TimelineSteps.WARNING),
                        tuple("Retry after waiting 1.2 s", "429, Retry-After honoured", TimelineSteps.WARNING),
                        tuple("Waited 300 ms for the provider's limit · openai/gpt-4o", "rpm", TimelineSteps.WARNING),
                        tuple("Breaker of openai/gpt-4o open: failed fast", "", TimelineSteps.DANGER),
                        tuple("Fell back to simulated/primary", "openai/gpt-4o → simulated/primary: breaker open", TimelineSteps.WARNING),
                        tuple("Attempt · simulated/primary · 1.6 s", "outcome: ok", TimelineSteps.OK),
                        tuple("Succeeded · 3.4 s", "", TimelineSteps.OK),
                        tuple("Teleported", "a kind from a newer node", TimelineSteps.NEUTRAL));
        var steps = TimelineSteps.of(run, clock);
        assertThat(steps.getFirst().time()).isEqualTo("16:18:57.000");
        assertThat(steps.getFirst().offset()).isEmpty();
        assertThat(steps.get(3).offset()).isEqualTo("+350 ms");
        assertThat(steps.get(8).offset()).isEqualTo("+3.5 s");
    }

    @Test
    void theHeaderNamesTheModelThatAnsweredAndWhyItFellBack() throws Exception {
        RunInfo run = Json.MAPPER.readValue(ContractJson.runWithTimeline("run_t"), RunInfo.class);
        assertThat(RunFacts.of(run, clock)).extracting(RunFacts.Fact::name, RunFacts.Fact::value)
                .contains(tuple("Model", "simulated/primary"), tuple("Fallback", "breaker of openai/gpt-4o open"),
                        tuple("Attempts", "3 (2 retries)"), tuple("Deliveries", "1"));
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
