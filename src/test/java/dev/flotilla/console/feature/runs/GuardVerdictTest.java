package dev.flotilla.console.feature.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flotilla.console.fleet.Json;
import dev.flotilla.console.fleet.RunInfo;
import dev.flotilla.console.fleet.RunStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The input guard's verdict on a run, as the runs page shows and filters it, without a window. */
class GuardVerdictTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T18:00:00Z"), ZoneOffset.UTC);

    private static RunInfo read(String annotations) throws Exception {
        String json = "{\"run_id\":\"run_1\",\"agent\":\"assistant\",\"status\":\"succeeded\",\"input\":\"x\","
                + "\"created_at\":\"2026-12-03T17:00:00Z\"" + (annotations == null ? "" : ",\"annotations\":" + annotations) + "}";
        return Json.MAPPER.readValue(json, RunInfo.class);
    }

    @Test
    void aFlaggedRunsDetailShowsTheVerdictScoreAndReasons() throws Exception {
        RunInfo run = read("{\"guard.verdict\":\"flagged\",\"guard.score\":\"0.99\","
                + "\"guard.reasons\":\"ignore_previous: asks to ignore the instructions (\\\"ignore all previous instructions\\\")\"}");
        assertThat(run.guardFlagged()).isTrue();
        List<RunFacts.Fact> guard = RunFacts.of(run, CLOCK).stream().filter(f -> f.group().equals(RunFacts.GUARD)).toList();
        assertThat(guard).extracting(RunFacts.Fact::name, RunFacts.Fact::value).containsExactly(
                tuple("Verdict", "flagged as a likely prompt injection (score 0.99)"),
                tuple("Reasons", "ignore_previous: asks to ignore the instructions (\"ignore all previous instructions\")"));
    }

    @Test
    void aRunWithoutAVerdictShowsNoGuardSection() throws Exception {
        RunInfo run = read(null);
        assertThat(run.guardFlagged()).isFalse();
        assertThat(RunFacts.of(run, CLOCK)).noneMatch(f -> f.group().equals(RunFacts.GUARD));
    }

    @Test
    void theFlaggedFilterKeepsOnlyFlaggedRunsWhateverTheirStatus() throws Exception {
        RunRow flagged = RunRow.of(read("{\"guard.verdict\":\"flagged\"}"));
        RunRow clean = RunRow.of(read(null));
        assertThat(RunFilter.FLAGGED.accepts(flagged.statusProperty().get(), flagged.guardFlaggedProperty().get())).isTrue();
        assertThat(RunFilter.FLAGGED.accepts(clean.statusProperty().get(), clean.guardFlaggedProperty().get())).isFalse();
        assertThat(RunFilter.ALL.accepts(RunStatus.SUCCEEDED, false)).isTrue();
        assertThat(RunFilter.FLAGGED).hasToString("flagged by the guard");
    }
}
