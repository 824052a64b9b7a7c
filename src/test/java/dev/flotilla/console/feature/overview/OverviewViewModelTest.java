package dev.flotilla.console.feature.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flotilla.console.ContractJson;
import dev.flotilla.console.MutableClock;
import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fleet.Json;
import dev.flotilla.console.fleet.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The overview page's state, without a window; the test moves the clock its rates are computed on. */
class OverviewViewModelTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final OverviewViewModel vm = new OverviewViewModel(clock);

    private static List<FleetSignal> succeeded(int runs) {
        return IntStream.range(0, runs).<FleetSignal>mapToObj(i -> new FleetEvent(FleetEvent.RUN_SUCCEEDED, Instant.EPOCH,
                "n", "run_" + i, "assistant", RunStatus.SUCCEEDED, 100L, 10, 1, null, null, null)).toList();
    }

    @Test
    void whileHiddenNothingIsRecomputedAndShowingThePageAgainCatchesUpAtOnce() {
        clock.advance(Duration.ofMinutes(1));
        vm.onSignals(succeeded(20));
        assertThat(vm.runsPerSecondProperty().get()).isCloseTo(2.0, within(0.01));

        vm.setShown(false);
        assertThat(vm.shownProperty().get()).isFalse();
        clock.advance(Duration.ofSeconds(30));
        vm.refresh(); // a tick of the page's timer that was already on its way
        vm.onSignals(succeeded(5)); // recorded, but not recomputed
        assertThat(vm.runsPerSecondProperty().get()).isCloseTo(2.0, within(0.01));

        vm.setShown(true);
        // the twenty runs left the ten-second window long ago; the five that came while hidden count
        assertThat(vm.runsPerSecondProperty().get()).isCloseTo(0.5, within(0.01));
        assertThat(vm.shownProperty().get()).isTrue();
    }

    @Test
    void aLostNodesLastHeartbeatCountsNoAgentsAsBusyOrIdle() throws Exception {
        // n3 is lost; its last heartbeat still has 3 busy agents, which run nothing now
        FleetInfo info = Json.MAPPER.readValue(ContractJson.fleet(), FleetInfo.class);
        vm.onSignals(List.of(new FleetSnapshot(info, clock.instant())));
        assertThat(vm.busyProperty().get()).isEqualTo(6); // 3 on n1, 3 on n2
        assertThat(vm.idleProperty().get()).isEqualTo(10);
        assertThat(vm.nodesProperty().get()).isEqualTo("3 nodes (1 lost)");
    }
}
