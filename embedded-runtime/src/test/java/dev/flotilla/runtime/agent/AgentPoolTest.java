package dev.flotilla.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
        assertThatThrownBy(() -> pool.scale(65)).hasMessageContaining("65");
        assertThat(pool.size()).isEqualTo(1);
    }
}
