package dev.flotilla.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.support.MutableClock;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The autoscaler's loop: real pools, a queue depth the test sets, an injected clock, no sleeping. */
class AutoscalerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final AutoscaleConfig CONFIG = AutoscaleConfig.withCooldown(Duration.ofSeconds(10)); // shrink after 20 s low

    private final MutableClock clock = new MutableClock(T0);
    private final Map<String, Long> depth = new HashMap<>();
    private final List<RuntimeEvent> events = new ArrayList<>();
    private final AtomicInteger beats = new AtomicInteger();
    private final AtomicInteger depthReads = new AtomicInteger();

    private Autoscaler autoscaler(AgentPool... pools) {
        return new Autoscaler("node-a", List.of(pools), agent -> {
            depthReads.incrementAndGet();
            Long d = depth.get(agent);
            if (d == null) throw new IllegalStateException("Redis is away");
            return d;
        }, events::add, beats::incrementAndGet, clock, CONFIG);
    }

    @Test
    void growsUnderLoadThenShrinksAfterSustainedIdlenessAnnouncingEachChange() throws Exception {
        AgentPool pool = new AgentPool("assistant", 2);
        pool.setBounds(1, 8);
        Autoscaler a = autoscaler(pool);
        List<AgentPool.PoolAgent> held = new ArrayList<>();
        busy(pool, 2, held);
        depth.put("assistant", 30L);

        a.tick();
        assertThat(pool.size()).isEqualTo(4);
        a.tick();
        clock.advance(Duration.ofSeconds(5));
        a.tick();
        assertThat(pool.size()).as("cooling down").isEqualTo(4);
        busy(pool, 2, held); // the two new agents got runs too
        clock.advance(Duration.ofSeconds(5));
        a.tick();
        assertThat(pool.size()).isEqualTo(8);
        clock.advance(Duration.ofSeconds(60));
        a.tick();
        assertThat(pool.size()).as("at max").isEqualTo(8);

        // load ends: everything idle, nothing waiting
        depth.put("assistant", 0L);
        held.forEach(pool::release);
        a.tick();
        clock.advance(Duration.ofSeconds(19));
        a.tick();
        assertThat(pool.size()).isEqualTo(8);
        clock.advance(Duration.ofSeconds(1));
        a.tick();
        assertThat(pool.size()).isEqualTo(4);
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(20));
            a.tick();
            a.tick();
        }
        assertThat(pool.size()).isEqualTo(1);

        assertThat(events).hasSize(5).allSatisfy(e -> {
            var s = (RuntimeEvent.PoolScaled) e;
            assertThat(s.type()).isEqualTo("pool.scaled");
            assertThat(s.reason()).isEqualTo("autoscale");
            assertThat(s.node()).isEqualTo("node-a");
            assertThat(s.agent()).isEqualTo("assistant");
        });
        assertThat(events).map(e -> ((RuntimeEvent.PoolScaled) e).from() + "->" + ((RuntimeEvent.PoolScaled) e).size())
                .containsExactly("2->4", "4->8", "8->4", "4->2", "2->1");
        assertThat(beats.get()).isEqualTo(5);
    }

    @Test
    void aPoolWithMinEqualToMaxIsNeverTouchedNorIsItsQueueRead() {
        AgentPool pool = new AgentPool("assistant", 3);
        Autoscaler a = autoscaler(pool);
        depth.put("assistant", 100L);
        for (int i = 0; i < 5; i++) {
            a.tick();
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(pool.size()).isEqualTo(3);
        assertThat(events).isEmpty();
        assertThat(depthReads.get()).isZero();
    }

    @Test
    void newBoundsApplyAtTheNextStepWithoutWaitingForTheCooldown() {
        AgentPool pool = new AgentPool("assistant", 2);
        pool.setBounds(1, 8);
        Autoscaler a = autoscaler(pool);
        depth.put("assistant", 0L);
        a.tick();
        pool.scale(6); // a manual scale: holds for a cool-down
        a.tick();
        assertThat(pool.size()).isEqualTo(6);
        pool.setBounds(1, 3);
        a.reset("assistant");
        a.tick();
        assertThat(pool.size()).isEqualTo(3);
        assertThat(events).singleElement().isEqualTo(new RuntimeEvent.PoolScaled(T0, "node-a", "assistant", 6, 3, "autoscale"));
    }

    @Test
    void aQueueThatCannotBeReadSkipsTheStepAndOtherPoolsGoOn() throws Exception {
        AgentPool blind = new AgentPool("blind", 1);
        blind.setBounds(1, 4);
        AgentPool seen = new AgentPool("seen", 1);
        seen.setBounds(1, 4);
        seen.begin(seen.acquire(Duration.ZERO), "run-1");
        blind.begin(blind.acquire(Duration.ZERO), "run-2");
        depth.put("seen", 5L); // nothing for "blind": its read throws
        autoscaler(blind, seen).tick();
        assertThat(blind.size()).isEqualTo(1);
        assertThat(seen.size()).isEqualTo(2);
    }

    private static void busy(AgentPool pool, int n, List<AgentPool.PoolAgent> held) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            var agent = pool.acquire(Duration.ZERO);
            pool.begin(agent, "run-" + held.size());
            held.add(agent);
        }
    }

    @Test
    void aManualSizeAboveTheMaxIsHeldForOneCooldownThenBroughtBackAndNoLongerHeld() {
        AgentPool pool = new AgentPool("assistant", 2);
        pool.setBounds(1, 4);
        Autoscaler a = autoscaler(pool);
        depth.put("assistant", 0L);
        a.tick();
        pool.scale(8); // the operator's size, above max
        a.tick();
        clock.advance(Duration.ofSeconds(9));
        a.tick();
        assertThat(pool.snapshot()).extracting(AgentPool.Snapshot::size, AgentPool.Snapshot::max, AgentPool.Snapshot::held)
                .containsExactly(8, 4, true);
        clock.advance(Duration.ofSeconds(1));
        a.tick();
        assertThat(pool.snapshot()).extracting(AgentPool.Snapshot::size, AgentPool.Snapshot::max, AgentPool.Snapshot::held)
                .containsExactly(4, 4, false);
        assertThat(events).singleElement().isEqualTo(new RuntimeEvent.PoolScaled(T0.plusSeconds(10), "node-a", "assistant", 8, 4, "autoscale"));
    }
}
