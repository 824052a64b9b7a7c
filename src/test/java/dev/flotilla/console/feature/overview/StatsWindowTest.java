package dev.flotilla.console.feature.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flotilla.console.MutableClock;
import dev.flotilla.console.fleet.FleetEvent;
import dev.flotilla.console.fleet.RunStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatsWindowTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final StatsWindow window = new StatsWindow(clock);

    private static FleetEvent finished(String type, long durationMs, int tokens) {
        RunStatus status = type.equals(FleetEvent.RUN_FAILED) ? RunStatus.FAILED : RunStatus.SUCCEEDED;
        return new FleetEvent(type, Instant.EPOCH, "n", "run_" + durationMs, "assistant", status, durationMs, tokens, 1,
                null, null, null);
    }

    @Test
    void percentilesAreNearestRankOverTheLastMinute() {
        clock.advance(Duration.ofSeconds(60));
        for (int ms = 1; ms <= 100; ms++) window.record(finished(FleetEvent.RUN_SUCCEEDED, ms * 10L, 0));
        StatsWindow.Stats s = window.compute();
        assertThat(s.p50Ms()).isEqualTo(500);
        assertThat(s.p99Ms()).isEqualTo(990);
        assertThat(s.finishedInWindow()).isEqualTo(100);
    }

    @Test
    void throughputCountsTheLastTenSecondsAndDecaysWhenTheFleetGoesQuiet() {
        clock.advance(Duration.ofSeconds(60));
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMillis(500));
            window.record(finished(FleetEvent.RUN_SUCCEEDED, 100, 10));
        }
        assertThat(window.compute().runsPerSecond()).isCloseTo(2.0, within(0.01));
        clock.advance(Duration.ofSeconds(5));
        // the window is (now - 10 s, now]: the ten runs of the last five seconds remain
        assertThat(window.compute().runsPerSecond()).isCloseTo(1.0, within(0.01));
        clock.advance(Duration.ofSeconds(10));
        assertThat(window.compute().runsPerSecond()).isZero();
    }

    @Test
    void ratesAtStartupDivideByTheTimeWatchedNotTheWholeWindow() {
        clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 4; i++) window.record(finished(FleetEvent.RUN_SUCCEEDED, 100, 30));
        StatsWindow.Stats s = window.compute();
        assertThat(s.runsPerSecond()).isCloseTo(2.0, within(0.01));
        assertThat(s.tokensPerMinute()).isCloseTo(120 / 2.0 * 60, within(0.1));
    }

    @Test
    void errorRateAndTokensCoverTheLastMinuteOnly() {
        clock.advance(Duration.ofMinutes(2));
        window.record(finished(FleetEvent.RUN_FAILED, 100, 0)); // falls out of the window below
        clock.advance(Duration.ofSeconds(61));
        for (int i = 0; i < 3; i++) window.record(finished(FleetEvent.RUN_SUCCEEDED, 100, 100));
        window.record(finished(FleetEvent.RUN_FAILED, 100, 0));
        StatsWindow.Stats s = window.compute();
        assertThat(s.errorRatePercent()).isCloseTo(25.0, within(0.01));
        assertThat(s.tokensPerMinute()).isCloseTo(300, within(0.01));
    }

    @Test
    void otherEventsDoNotCount() {
        window.record(new FleetEvent(FleetEvent.RUN_QUEUED, Instant.EPOCH, "n", "r", "a", RunStatus.QUEUED,
                null, null, null, null, null, null));
        window.record(new FleetEvent(FleetEvent.POOL_SCALED, Instant.EPOCH, "n", null, "a", null, null, null, null, null, 3, null));
        assertThat(window.compute().finishedInWindow()).isZero();
    }

    @Test
    void historyHasFiveSecondBucketsForFiveMinutesOnceWatchedThatLong() {
        clock.advance(Duration.ofMinutes(6));
        window.record(finished(FleetEvent.RUN_SUCCEEDED, 100, 1));
        window.record(finished(FleetEvent.RUN_FAILED, 100, 1));
        clock.advance(Duration.ofSeconds(7));
        var history = window.compute().history();
        assertThat(history).hasSize(60);
        assertThat(history.getLast().secondsAgo()).isZero();
        StatsWindow.Point bucket = history.stream().filter(p -> p.secondsAgo() == -5).findFirst().orElseThrow();
        assertThat(bucket.runsPerSecond()).isCloseTo(0.4, within(0.001));
        assertThat(bucket.errorsPerSecond()).isCloseTo(0.2, within(0.001));
    }

    @Test
    void historyHasNoPointsForTimeBeforeTheConsoleWatched() {
        clock.advance(Duration.ofSeconds(12));
        assertThat(window.compute().history()).hasSize(3);
    }

    @Test
    void resetStartsOverForAnotherFleet() {
        clock.advance(Duration.ofSeconds(30));
        window.record(finished(FleetEvent.RUN_SUCCEEDED, 100, 1));
        window.reset();
        assertThat(window.compute().finishedInWindow()).isZero();
    }

    @Test
    void aWindowNobodyComputesStillKeepsOnlyItsLastFiveMinutes() {
        // a fleet that is not shown records every finished run but is never computed
        for (int second = 0; second < 12 * 60; second++) {
            clock.advance(Duration.ofSeconds(1));
            window.record(finished(FleetEvent.RUN_SUCCEEDED, 100, 10));
        }
        assertThat(window.size()).isEqualTo((int) StatsWindow.HISTORY.toSeconds());
    }
}
