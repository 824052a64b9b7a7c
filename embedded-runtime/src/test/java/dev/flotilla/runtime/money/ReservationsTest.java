package dev.flotilla.runtime.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flotilla.runtime.money.budget.SpendScript;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.support.TestScripts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The spend script against a real Redis: all-or-nothing reservations, settlement, takeover, expiry, thresholds once. */
class ReservationsTest {

    static EmbeddedRedis server;
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final AtomicInteger fleets = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = EmbeddedRedis.ephemeral();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A spend script of a fresh fleet, over its own connections (as another node would have). */
    static SpendScript script(String fleet) {
        return new SpendScript(TestScripts.load(server.endpoint(), SpendScript.RESOURCE), "flotilla:{" + fleet + "}:money:");
    }

    static SpendScript.BudgetRef budget(String id, double limit) {
        return new SpendScript.BudgetRef(id, id, "d2026-12-03", 86_400_000, limit, List.of(0.5, 0.8, 1.0));
    }

    static SpendScript.Settle settle(String run, String field, double cost, List<SpendScript.BudgetRef> b) {
        return new SpendScript.Settle(run, field, cost, b, "2026-12-03", "10", "assistant", "simulated/primary", "k1", "user");
    }

    @Test
    void aReservationIsAllOrNothingAcrossTheBudgetsThatApply() {
        SpendScript s = script("f" + fleets.incrementAndGet());
        var fleet = budget("fleet", 10);
        var agent = budget("agent", 0.5);
        SpendScript.Reply ok = s.reserve(T0, "run1", "x", 1, 0.6, T0.plusSeconds(60), List.of(fleet, agent), List.of());
        assertThat(ok.refused()).isNull();
        SpendScript.Reply no = s.reserve(T0, "run2", "y", 1, 0.6, T0.plusSeconds(60), List.of(fleet, agent), List.of());
        assertThat(no.refused()).isEqualTo("agent");
        // the fleet budget did not keep the refused call's amount
        List<SpendScript.State> st = s.state(T0, List.of(fleet, agent)).states();
        assertThat(st.get(0).reserved()).isCloseTo(0.6, within(1e-12));
        assertThat(st.get(1).reserved()).isCloseTo(0.6, within(1e-12));
        assertThat(st.get(1).refusedAt()).isEqualTo(T0.toEpochMilli());

        // settling the first call at its real cost frees the rest of its reservation
        s.settle(T0, List.of(settle("run1", "x:1", 0.25, List.of(fleet, agent))));
        st = s.state(T0, List.of(fleet, agent)).states();
        assertThat(st.get(1).reserved()).isCloseTo(0, within(1e-12));
        assertThat(st.get(1).spent()).isCloseTo(0.25, within(1e-12));
        assertThat(s.reserve(T0, "run2", "y", 2, 0.6, T0.plusSeconds(60), List.of(fleet, agent), List.of()).refused()).isNull();
        // room is what decides: past the limit by at most that one call's maximum
        assertThat(s.reserve(T0, "run3", "z", 1, 0.01, T0.plusSeconds(60), List.of(fleet, agent), List.of()).refused()).isEqualTo("agent");
    }

    @Test
    void manyConcurrentCallersNeverSpendPastTheLimit() throws Exception {
        String name = "f" + fleets.incrementAndGet();
        SpendScript s = script(name);
        var fleet = budget("fleet", 1.0);
        double max = 0.05;
        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                // each thread its own connection pool, as one node each
                SpendScript mine = script(name);
                all.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        String run = "run-" + thread + "-" + i;
                        SpendScript.Reply r = mine.reserve(T0, run, "e", 1, max, T0.plusSeconds(60), List.of(fleet), List.of());
                        if (r.refused() == null) {
                            granted.incrementAndGet();
                            mine.settle(T0, List.of(settle(run, "e:1", 0.03 + 0.02 * ((thread + i) % 2), List.of(fleet))));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) f.get();
        } finally {
            pool.shutdown();
        }
        SpendScript.State st = s.state(T0, List.of(fleet)).states().getFirst();
        assertThat(st.spent()).isLessThanOrEqualTo(1.0 + max);
        assertThat(st.spent()).isGreaterThan(1.0 - max - 1e-9); // and it was used up, not refused early
        assertThat(st.reserved()).isCloseTo(0, within(1e-9));
        assertThat(granted.get()).isBetween(20, 34);
    }

    @Test
    void anotherExecutionOfTheRunReleasesWhatTheFirstReservedAndExpiredReservationsAreSwept() {
        SpendScript s = script("f" + fleets.incrementAndGet());
        var fleet = budget("fleet", 1.0);
        s.reserve(T0, "run1", "dead", 1, 0.7, T0.plusSeconds(60), List.of(fleet), List.of());
        assertThat(s.state(T0, List.of(fleet)).states().getFirst().reserved()).isCloseTo(0.7, within(1e-12));
        // the node died mid-call; another took the run over under a new execution
        SpendScript.Reply again = s.reserve(T0.plusSeconds(30), "run1", "alive", 1, 0.7, T0.plusSeconds(120), List.of(fleet), List.of());
        assertThat(again.refused()).isNull();
        assertThat(again.states().getFirst().reserved()).isCloseTo(0.7, within(1e-12));

        // a run nobody took over: its reservation is released once it expired, by any later step
        s.reserve(T0, "run2", "lost", 1, 0.2, T0.plusSeconds(60), List.of(fleet), List.of());
        assertThat(s.state(T0, List.of(fleet)).states().getFirst().reserved()).isCloseTo(0.9, within(1e-12));
        s.settle(T0.plusSeconds(61), List.of());
        assertThat(s.state(T0, List.of(fleet)).states().getFirst().reserved()).isCloseTo(0.7, within(1e-12));

        // the takeover event's release: what was reserved before the takeover goes
        s.reserve(T0.plusSeconds(100), "run3", "old", 1, 0.1, T0.plusSeconds(600), List.of(fleet), List.of());
        s.release(T0.plusSeconds(101), "run3", T0.plusSeconds(101));
        assertThat(s.state(T0, List.of(fleet)).states().getFirst().reserved()).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void eachThresholdFiresOncePerPeriodAndTheLedgerSums() {
        SpendScript s = script("f" + fleets.incrementAndGet());
        var fleet = budget("fleet", 1.0);
        List<SpendScript.Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            alerts.addAll(s.settle(T0, List.of(settle("r" + i, null, 0.1, List.of(fleet)))).alerts());
        }
        assertThat(alerts).extracting(SpendScript.Alert::threshold).containsExactly(0.5, 0.8, 1.0);
        assertThat(alerts.get(0).spentUsd()).isCloseTo(0.5, within(1e-9));
        // a new period fires again
        var tomorrow = new SpendScript.BudgetRef("fleet", "fleet", "d2026-12-04", 86_400_000, 1.0, List.of(0.5, 0.8, 1.0));
        assertThat(s.settle(T0, List.of(settle("r", null, 0.6, List.of(tomorrow)))).alerts()).hasSize(1);
    }
}
