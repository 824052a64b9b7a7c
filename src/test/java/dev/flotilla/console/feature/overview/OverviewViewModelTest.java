package dev.flotilla.console.feature.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flotilla.console.ContractJson;
import dev.flotilla.console.ManualTimer;
import dev.flotilla.console.MutableClock;
import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetSignal;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.FleetSnapshot;
import dev.flotilla.console.fleet.Json;
import dev.flotilla.console.fleet.RunStatus;
import dev.flotilla.console.session.FleetSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The overview page's state, without a window; the test moves the clock its rates are computed on. */
class OverviewViewModelTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final OverviewViewModel vm = new OverviewViewModel(clock);
    /** Sessions deliver on this thread when the timer is advanced: the test is the FX thread. */
    private final ManualTimer timer = new ManualTimer();
    private final List<FleetSession> sessions = new ArrayList<>();

    @AfterEach
    void closeSessions() {
        sessions.forEach(FleetSession::close);
    }

    /** A session that is not started: the test posts its signals as its connection would. */
    private FleetSession session(String name) {
        FleetTarget t = new FleetTarget(new FleetDescriptor(name, name, "http://127.0.0.1:9/" + name, FleetKind.REMOTE), new ApiKey("k"));
        FleetSession s = new FleetSession(t, timer, Runnable::run, clock);
        sessions.add(s);
        return s;
    }

    private void deliver(FleetSession s, List<FleetSignal> signals) {
        signals.forEach(s.signals()::post);
        timer.advance(Duration.ofSeconds(1)); // the bridge's tick: the batch reaches the page
    }

    private static FleetSnapshot snapshot(Instant at) throws Exception {
        return new FleetSnapshot(Json.MAPPER.readValue(ContractJson.fleet(), FleetInfo.class), at);
    }

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

    @Test
    void switchingToAnotherFleetAndBackKeepsTheFirstFleetsHistoryAndItsRunsWhileAway() throws Exception {
        FleetSession a = session("a");
        FleetSession b = session("b");
        vm.setSession(a);
        clock.advance(Duration.ofSeconds(30));
        deliver(a, succeeded(10));
        assertThat(runsInHistory()).isEqualTo(10);

        vm.setSession(b);
        assertThat(runsInHistory()).as("b has its own, empty history").isZero();
        clock.advance(Duration.ofSeconds(20));
        deliver(a, succeeded(5)); // a keeps running while b is shown
        deliver(b, succeeded(2));

        vm.setSession(a);
        assertThat(runsInHistory()).isEqualTo(15);
        assertThat(vm.historyProperty().get()).hasSize(5); // watched from its first runs, 20 s ago: five 5-second buckets
        vm.setSession(b);
        assertThat(runsInHistory()).isEqualTo(2);
    }

    @Test
    void aRemovedFleetsHistoryGoesAndAHiddenFleetKeepsOnlyItsLastFiveMinutes() throws Exception {
        FleetSession a = session("a");
        FleetSession b = session("b");
        vm.setSession(a);
        vm.setSession(b);
        for (int minute = 0; minute < 12; minute++) {
            clock.advance(Duration.ofMinutes(1));
            deliver(a, succeeded(100));
        }
        vm.setSession(a);
        assertThat(runsInHistory()).as("five minutes of a, not twelve").isEqualTo(500);
        vm.setSession(b);

        a.close(); // the operator removed fleet a
        vm.setSession(b);
        assertThat(a.signals().subscriberCount()).isZero();
        vm.setSession(a); // a closed session shows as a new, empty fleet, and does not pile up
        assertThat(runsInHistory()).isZero();
    }

    @Test
    void tilesWaitForDataBeforeTheFirstFiguresAndAfterASwitchToAFleetWithoutAny() throws Exception {
        assertThat(vm.fleetWaitingProperty().get()).isEqualTo(OverviewViewModel.WAITING);
        assertThat(vm.runsWaitingProperty().get()).isEqualTo(OverviewViewModel.WAITING);

        FleetSession a = session("a");
        vm.setSession(a);
        assertThat(vm.fleetWaitingProperty().get()).isEqualTo(OverviewViewModel.WAITING);
        clock.advance(Duration.ofSeconds(30));
        vm.refresh();
        assertThat(vm.historyProperty().get()).as("no points, not half a minute of zeros").isEmpty();
        deliver(a, List.of(snapshot(clock.instant())));
        assertThat(vm.historyProperty().get()).hasSize(1);
        assertThat(vm.fleetWaitingProperty().get()).as("agents, queue and rates are measured now").isEmpty();
        assertThat(vm.runsWaitingProperty().get()).as("latency of no runs is no figure").isEqualTo(OverviewViewModel.NO_RUNS_FINISHED);
        deliver(a, succeeded(3));
        assertThat(vm.runsWaitingProperty().get()).isEmpty();
        assertThat(vm.p50Property().get()).isEqualTo(100);

        vm.setSession(session("b"));
        assertThat(vm.fleetWaitingProperty().get()).isEqualTo(OverviewViewModel.WAITING);
        assertThat(vm.runsWaitingProperty().get()).isEqualTo(OverviewViewModel.WAITING);
        assertThat(vm.busyProperty().get()).isZero();
    }

    @Test
    void withNoFleetTheChartHasNoPointsNotALineOfZeros() throws Exception {
        clock.advance(Duration.ofSeconds(30)); // the local fleet starting: no fleet to show yet
        vm.refresh();
        assertThat(vm.historyProperty().get()).isEmpty();

        FleetSession a = session("a");
        vm.setSession(a);
        deliver(a, succeeded(3));
        assertThat(vm.historyProperty().get()).isNotEmpty();
        vm.setSession(null); // the fleet was removed, none is left
        clock.advance(Duration.ofSeconds(30));
        vm.refresh();
        assertThat(vm.historyProperty().get()).isEmpty();
    }

    /** Runs the chart counts now: its buckets' rates times their five seconds. */
    private long runsInHistory() {
        return Math.round(vm.historyProperty().get().stream().mapToDouble(p -> p.runsPerSecond() * 5).sum());
    }
}
