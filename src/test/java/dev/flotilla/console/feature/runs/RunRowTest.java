package dev.flotilla.console.feature.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.RunInfo;
import dev.flotilla.console.fleet.RunStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runs table's row model, without a window. */
class RunRowTest {

    private static RunInfo run(RunStatus status, String output) {
        return new RunInfo("run_1", "assistant", status, "What time is it?", output, null,
                output == null ? null : new RunInfo.Usage(10, 5, 15), "simulated", null, null, Map.of(), "node-a", 1,
                Instant.parse("2026-11-27T12:00:00Z"), null, null, output == null ? null : 300L);
    }

    private static FleetEvent event(String type, RunStatus status) {
        return new FleetEvent(type, Instant.parse("2026-11-27T12:00:01Z"), "node-b", "run_1", "assistant", status,
                status.active() ? null : 420L, status.active() ? null : 57, 1, null, null, null);
    }

    @Test
    void eventsMoveTheRowAlong() {
        RunRow row = RunRow.of(run(RunStatus.QUEUED, null));
        row.apply(event(FleetEvent.RUN_STARTED, RunStatus.RUNNING));
        assertThat(row.statusProperty().get()).isEqualTo(RunStatus.RUNNING);
        assertThat(row.nodeProperty().get()).isEqualTo("node-b");
        row.apply(event(FleetEvent.RUN_SUCCEEDED, RunStatus.SUCCEEDED));
        assertThat(row.statusProperty().get()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(row.durationMsProperty().get()).isEqualTo(420L);
        assertThat(row.tokensProperty().get()).isEqualTo(57);
    }

    @Test
    void aStaleCopyFetchedBeforeTheEndNeverMovesAFinishedRunBack() {
        RunRow row = RunRow.of(run(RunStatus.SUCCEEDED, "It is noon."));
        row.update(run(RunStatus.RUNNING, null));
        row.apply(event(FleetEvent.RUN_STARTED, RunStatus.RUNNING));
        assertThat(row.statusProperty().get()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(row.outputProperty().get()).isEqualTo("It is noon.");
    }

    @Test
    void searchMatchesIdInputAndOutputIgnoringCase() {
        RunRow row = RunRow.of(run(RunStatus.SUCCEEDED, "It is NOON."));
        assertThat(row.matches("RUN_1")).isTrue();
        assertThat(row.matches("time is")).isTrue();
        assertThat(row.matches("noon")).isTrue();
        assertThat(row.matches("  ")).isTrue();
        assertThat(row.matches("midnight")).isFalse();
    }

    @Test
    void theStatusFilterAcceptsAllOrOneStatus() {
        assertThat(RunFilter.ALL.accepts(RunStatus.FAILED)).isTrue();
        assertThat(RunFilter.FAILED.accepts(RunStatus.FAILED)).isTrue();
        assertThat(RunFilter.FAILED.accepts(RunStatus.SUCCEEDED)).isFalse();
        assertThat(RunFilter.CANCELLED).hasToString("cancelled");
    }
}
