package dev.flotilla.console.feature.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flotilla.console.fleet.RunInfo;
import dev.flotilla.console.fleet.RunStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The detail pane's facts about a run, without a window. */
class RunFactsTest {

    private static final Clock SAME_DAY = Clock.fixed(Instant.parse("2026-11-27T18:00:00Z"), ZoneOffset.UTC);

    private static RunInfo run(RunStatus status, String node, Integer attempts, Instant started, Instant finished, Long durationMs) {
        return new RunInfo("run_1", "assistant", status, "in", null, null, new RunInfo.Usage(1200, 34, 1234), "simulated",
                "s1", null, Map.of(), node, attempts, Instant.parse("2026-11-27T16:20:00.000Z"), started, finished, durationMs);
    }

    @Test
    void aFinishedRunSaysWhereItRanHowOftenAndWhereItsTimeWent() {
        RunInfo r = run(RunStatus.SUCCEEDED, "node-b", 3, Instant.parse("2026-11-27T16:20:01.500Z"),
                Instant.parse("2026-11-27T16:20:04.000Z"), 2_500L);
        List<RunFacts.Fact> facts = RunFacts.of(r, SAME_DAY);
        assertThat(facts).extracting(RunFacts.Fact::group, RunFacts.Fact::name, RunFacts.Fact::value).containsExactly(
                tuple(RunFacts.RUN, "Agent", "assistant"),
                tuple(RunFacts.RUN, "Node", "node-b"),
                tuple(RunFacts.RUN, "Model", "simulated"),
                tuple(RunFacts.RUN, "Attempts", "3 (2 retries)"),
                tuple(RunFacts.RUN, "Session", "s1"),
                tuple(RunFacts.RUN, "Tokens", String.format("%,d (prompt %,d, completion %,d)", 1234, 1200, 34)),
                tuple(RunFacts.TIMING, "Created", "16:20:00.000"),
                tuple(RunFacts.TIMING, "Queued for", String.format("%.1f s", 1.5)),
                tuple(RunFacts.TIMING, "Started", "16:20:01.500"),
                tuple(RunFacts.TIMING, "Ran for", String.format("%.1f s", 2.5)),
                tuple(RunFacts.TIMING, "Finished", "16:20:04.000"));
    }

    @Test
    void aQueuedRunSaysItIsWaitingAndHasNoNodeYet() {
        List<RunFacts.Fact> facts = RunFacts.of(run(RunStatus.QUEUED, null, null, null, null, null), SAME_DAY);
        assertThat(facts).extracting(RunFacts.Fact::name, RunFacts.Fact::value)
                .contains(tuple("Node", "not picked up yet"), tuple("Queued for", "waiting for an agent…"));
        assertThat(facts).extracting(RunFacts.Fact::name).doesNotContain("Started", "Ran for", "Finished", "Attempts");
    }

    @Test
    void aRunCancelledWhileQueuedOmitsTimesItNeverHad() {
        List<RunFacts.Fact> facts = RunFacts.of(run(RunStatus.CANCELLED, null, 0, null,
                Instant.parse("2026-11-27T16:20:09Z"), null), SAME_DAY);
        assertThat(facts).extracting(RunFacts.Fact::name).contains("Cancelled").doesNotContain("Node", "Queued for", "Ran for");
    }

    @Test
    void timesOfAnotherDayCarryTheirDate() {
        Clock nextDay = Clock.fixed(Instant.parse("2026-11-28T09:00:00Z"), ZoneOffset.UTC);
        assertThat(RunFacts.time(Instant.parse("2026-11-27T16:20:00.123Z"), nextDay)).isEqualTo("2026-11-27 16:20:00.123");
        assertThat(RunFacts.attempts(run(RunStatus.SUCCEEDED, "n", 1, null, null, null))).isEqualTo("1");
        assertThat(RunFacts.attempts(run(RunStatus.SUCCEEDED, "n", 2, null, null, null))).isEqualTo("2 (1 retry)");
    }
}
