package dev.flotilla.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentPoolTest {

    @Test
    void acquireNeverHandsOutMoreAgentsThanThePoolHas() throws Exception {
        AgentPool pool = new AgentPool("assistant", 2);
        var a = pool.acquire(Duration.ZERO);
        var b = pool.acquire(Duration.ZERO);
        assertThat(a).isNotNull();
        assertThat(b).isNotNull().isNotSameAs(a);
        assertThat(pool.acquire(Duration.ZERO)).isNull();
        pool.release(a);
        assertThat(pool.acquire(Duration.ZERO)).isSameAs(a);
    }

    @Test
    void scalingDownRetiresBusyAgentsOnlyAfterTheirRun() throws Exception {
        AgentPool pool = new AgentPool("assistant", 3);
        var a = pool.acquire(Duration.ZERO);
        var b = pool.acquire(Duration.ZERO);
        pool.begin(a, "run-a");
        pool.begin(b, "run-b");
        assertThat(pool.scale(1)).isEqualTo(1);
        AgentPool.Snapshot s = pool.snapshot();
        assertThat(s.size()).isEqualTo(1);
        assertThat(s.agents()).extracting(AgentPool.AgentSnapshot::currentRun).contains("run-a", "run-b");
        assertThat(s.agents()).filteredOn(x -> x.state() == AgentPool.State.RETIRING).hasSize(1);
        pool.release(a);
        pool.release(b);
        assertThat(pool.snapshot().agents()).hasSize(1);
        assertThat(pool.busy()).isZero();
    }

    @Test
    void scalingUpAddsIdleAgentsWithNewIds() {
        AgentPool pool = new AgentPool("assistant", 1);
        pool.scale(3);
        assertThat(pool.snapshot().agents()).extracting(AgentPool.AgentSnapshot::id)
                .containsExactly("assistant-1", "assistant-2", "assistant-3");
        assertThat(pool.snapshot().idle()).isEqualTo(3);
    }

    @Test
    void refusesSizesOutOfRange() {
        AgentPool pool = new AgentPool("assistant", 1);
        assertThatThrownBy(() -> pool.scale(0)).hasMessageContaining("0");
        assertThatThrownBy(() -> pool.scale(AgentPool.MAX_SIZE + 1)).hasMessageContaining(Integer.toString(AgentPool.MAX_SIZE + 1));
        assertThat(pool.size()).isEqualTo(1);
    }

    @Test
    void holdsAThousandAgentsAndShrinksBackWithoutDroppingABusyOne() throws Exception {
        assertThat(AgentPool.MAX_SIZE).isGreaterThanOrEqualTo(1_000);
        AgentPool pool = new AgentPool("assistant", 1);
        assertThat(pool.scale(AgentPool.MAX_SIZE)).isEqualTo(AgentPool.MAX_SIZE);
        List<AgentPool.PoolAgent> taken = new ArrayList<>();
        for (int i = 0; i < AgentPool.MAX_SIZE; i++) {
            var a = pool.acquire(Duration.ZERO);
            assertThat(a).isNotNull();
            pool.begin(a, "run-" + i);
            taken.add(a);
        }
        assertThat(pool.acquire(Duration.ZERO)).isNull();
        assertThat(pool.busy()).isEqualTo(AgentPool.MAX_SIZE);

        assertThat(pool.scale(1)).isEqualTo(1);
        assertThat(pool.snapshot().agents()).hasSize(AgentPool.MAX_SIZE); // all still running
        taken.forEach(pool::release);
        assertThat(pool.snapshot().agents()).hasSize(1);
        assertThat(pool.snapshot().idle()).isEqualTo(1);
        assertThat(pool.maxBusySeen()).isEqualTo(AgentPool.MAX_SIZE);
    }

    @Test
    void startsWithAutoscalingOffAndTakesValidBoundsOnly() {
        AgentPool pool = new AgentPool("assistant", 4);
        AgentPool.Snapshot s = pool.snapshot();
        assertThat(s.min()).isEqualTo(4);
        assertThat(s.max()).isEqualTo(4);
        assertThat(s.autoscale()).isFalse();
        pool.setBounds(2, 32);
        assertThat(pool.snapshot()).extracting(AgentPool.Snapshot::min, AgentPool.Snapshot::max, AgentPool.Snapshot::autoscale,
                AgentPool.Snapshot::size).containsExactly(2, 32, true, 4);
        assertThatThrownBy(() -> pool.setBounds(0, 3)).hasMessageContaining("min 0");
        assertThatThrownBy(() -> pool.setBounds(5, 4)).hasMessageContaining("min 5, max 4");
        assertThatThrownBy(() -> pool.setBounds(1, AgentPool.MAX_SIZE + 1)).hasMessageContaining("max " + (AgentPool.MAX_SIZE + 1));
        assertThat(pool.max()).isEqualTo(32);
    }

    @Test
    void aManualScaleWithoutAutoscalingMovesTheBoundsWithTheSize() {
        AgentPool pool = new AgentPool("assistant", 4);
        pool.scale(8);
        assertThat(pool.snapshot()).extracting(AgentPool.Snapshot::size, AgentPool.Snapshot::min, AgentPool.Snapshot::max,
                AgentPool.Snapshot::autoscale, AgentPool.Snapshot::held).containsExactly(8, 8, 8, false, false);
        pool.scale(2);
        assertThat(pool.snapshot()).extracting(AgentPool.Snapshot::size, AgentPool.Snapshot::min, AgentPool.Snapshot::max)
                .containsExactly(2, 2, 2);
    }

    @Test
    void aManualSizeOutsideTheAutoscalingBoundsIsHeldUntilTheAutoscalerMovesItBack() {
        AgentPool pool = new AgentPool("assistant", 2);
        pool.setBounds(1, 4);
        pool.scale(3);
        assertThat(pool.snapshot().held()).as("within the bounds").isFalse();
        pool.scale(8);
        assertThat(pool.snapshot()).extracting(AgentPool.Snapshot::size, AgentPool.Snapshot::min, AgentPool.Snapshot::max,
                AgentPool.Snapshot::autoscale, AgentPool.Snapshot::held).containsExactly(8, 1, 4, true, true);
        pool.autoscaleTo(4);
        assertThat(pool.snapshot()).extracting(AgentPool.Snapshot::size, AgentPool.Snapshot::min, AgentPool.Snapshot::max,
                AgentPool.Snapshot::held).containsExactly(4, 1, 4, false);
    }

    @Test
    void boundsThatTurnAutoscalingOffAreTheSizeAtOnce() throws Exception {
        AgentPool pool = new AgentPool("assistant", 2);
        pool.setBounds(1, 8);
        pool.autoscaleTo(6);
        var busy = pool.acquire(Duration.ZERO);
        pool.begin(busy, "run-1");
        pool.setBounds(3, 3);
        assertThat(pool.snapshot()).extracting(AgentPool.Snapshot::size, AgentPool.Snapshot::min, AgentPool.Snapshot::max,
                AgentPool.Snapshot::autoscale, AgentPool.Snapshot::held).containsExactly(3, 3, 3, false, false);
        assertThat(pool.snapshot().agents()).extracting(AgentPool.AgentSnapshot::currentRun).contains("run-1");
    }
}
