package dev.flotilla.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.agent.Autoscaler.Decision;
import dev.flotilla.runtime.agent.Autoscaler.Memory;
import dev.flotilla.runtime.agent.Autoscaler.Signals;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pure decision: signals, time and memory in, a size out. */
class AutoscalerDecisionTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AutoscaleConfig CONFIG = AutoscaleConfig.withCooldown(Duration.ofSeconds(10)); // shrink after 20 s low

    private static Instant at(long seconds) { return T0.plusSeconds(seconds); }

    @Test
    void growsByTheRunsWaitingWhenAgentsAreBusy() {
        Decision d = Autoscaler.decide(new Signals(4, 4, 2, 1, 16), T0, null, CONFIG);
        assertThat(d.target()).isEqualTo(6);
        assertThat(d.next()).isEqualTo(new Memory(6, T0, null));
    }

    @Test
    void growsAtMostByDoublingAndNeverAboveMax() {
        assertThat(Autoscaler.decide(new Signals(4, 4, 500, 1, 16), T0, null, CONFIG).target()).isEqualTo(8);
        assertThat(Autoscaler.decide(new Signals(12, 12, 500, 1, 16), T0, null, CONFIG).target()).isEqualTo(16);
        assertThat(Autoscaler.decide(new Signals(16, 16, 500, 1, 16), T0, null, CONFIG).target()).isEqualTo(16);
    }

    @Test
    void doesNotGrowWhileAgentsAreIdleEvenWithRunsWaiting() {
        // another node is about to take them; the busy ratio says this one is not the bottleneck
        assertThat(Autoscaler.decide(new Signals(8, 2, 5, 1, 16), T0, null, CONFIG).target()).isEqualTo(8);
    }

    @Test
    void makesNoSecondChangeWithinTheCooldown() {
        Memory afterGrowth = new Memory(8, T0, null);
        assertThat(Autoscaler.decide(new Signals(8, 8, 50, 1, 64), at(9), afterGrowth, CONFIG).target()).isEqualTo(8);
        assertThat(Autoscaler.decide(new Signals(8, 8, 50, 1, 64), at(10), afterGrowth, CONFIG).target()).isEqualTo(16);
    }

    @Test
    void shrinksOnlyAfterUseStayedLowForTheWholeWindow() {
        Memory m = Memory.fresh(16);
        Decision d = Autoscaler.decide(new Signals(16, 1, 0, 2, 16), at(0), m, CONFIG);
        assertThat(d.target()).isEqualTo(16);
        assertThat(d.next().lowSince()).isEqualTo(at(0));
        d = Autoscaler.decide(new Signals(16, 1, 0, 2, 16), at(19), d.next(), CONFIG);
        assertThat(d.target()).as("19 s of low use is not yet sustained").isEqualTo(16);
        d = Autoscaler.decide(new Signals(16, 1, 0, 2, 16), at(20), d.next(), CONFIG);
        assertThat(d.target()).as("halves at most").isEqualTo(8);
        assertThat(d.next()).isEqualTo(new Memory(8, at(20), null));
    }

    @Test
    void aBusyMomentRestartsTheLowUseWindow() {
        Decision d = Autoscaler.decide(new Signals(16, 0, 0, 1, 16), at(0), null, CONFIG);
        d = Autoscaler.decide(new Signals(16, 12, 0, 1, 16), at(15), d.next(), CONFIG);
        assertThat(d.next().lowSince()).isNull();
        d = Autoscaler.decide(new Signals(16, 0, 0, 1, 16), at(16), d.next(), CONFIG);
        d = Autoscaler.decide(new Signals(16, 0, 0, 1, 16), at(25), d.next(), CONFIG);
        assertThat(d.target()).isEqualTo(16);
        d = Autoscaler.decide(new Signals(16, 0, 0, 1, 16), at(36), d.next(), CONFIG);
        assertThat(d.target()).isEqualTo(8);
    }

    @Test
    void runsWaitingAreNeverLowUse() {
        Decision d = Autoscaler.decide(new Signals(16, 0, 1, 1, 16), at(0), null, CONFIG);
        assertThat(d.next().lowSince()).isNull();
    }

    @Test
    void keepsWhatTheBusyAgentsNeedAndNeverGoesBelowMin() {
        Memory lowForLong = new Memory(16, null, at(0));
        // 7 busy of 16 is low (< 50 %); 7 busy need 14 agents to stay at or under 50 %
        assertThat(Autoscaler.decide(new Signals(16, 7, 0, 1, 16), at(60), lowForLong, CONFIG).target()).isEqualTo(14);
        assertThat(Autoscaler.decide(new Signals(16, 0, 0, 12, 16), at(60), lowForLong, CONFIG).target()).isEqualTo(12);
        Memory atMin = new Memory(2, null, at(0));
        assertThat(Autoscaler.decide(new Signals(2, 0, 0, 2, 16), at(60), atMin, CONFIG).target()).isEqualTo(2);
    }

    @Test
    void leavesAPoolAloneWhenMinEqualsMax() {
        Decision d = Autoscaler.decide(new Signals(4, 4, 1_000, 8, 8), T0, null, CONFIG);
        assertThat(d.target()).isEqualTo(4);
        d = Autoscaler.decide(new Signals(4, 0, 0, 8, 8), at(3_600), d.next(), CONFIG);
        assertThat(d.target()).isEqualTo(4);
    }

    @Test
    void aManualScaleHoldsForACooldownThenComesBackWithinTheBounds() {
        Memory autoscaled = new Memory(8, T0, null);
        Decision d = Autoscaler.decide(new Signals(40, 0, 0, 2, 16), at(100), autoscaled, CONFIG);
        assertThat(d.target()).isEqualTo(40);
        assertThat(d.next()).isEqualTo(new Memory(40, at(100), null));
        assertThat(Autoscaler.decide(new Signals(40, 0, 0, 2, 16), at(109), d.next(), CONFIG).target()).isEqualTo(40);
        assertThat(Autoscaler.decide(new Signals(40, 0, 0, 2, 16), at(110), d.next(), CONFIG).target()).isEqualTo(16);
    }

    @Test
    void freshBoundsApplyAtOnce() {
        assertThat(Autoscaler.decide(new Signals(4, 0, 0, 6, 20), T0, Memory.fresh(4), CONFIG).target()).isEqualTo(6);
        assertThat(Autoscaler.decide(new Signals(30, 30, 9, 6, 20), T0, Memory.fresh(30), CONFIG).target()).isEqualTo(20);
    }
}
