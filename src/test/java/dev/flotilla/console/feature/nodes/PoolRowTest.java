package dev.flotilla.console.feature.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pools table never contradicts itself: what it shows for min, max and autoscale agrees with the size. */
class PoolRowTest {

    @Test
    void afterAManualScaleWithAutoscalingOffTheBoundsAreNotShownAsIfTheyHeldTheSize() {
        // a node of before the runtime pinned min = max = size: scaled by hand to 8, its bounds still say 4
        PoolRow scaled = new PoolRow("assistant", 8, 0, 8, 4, 4, false);
        assertThat(scaled).extracting(PoolRow::minText, PoolRow::maxText, PoolRow::autoscaleText).containsExactly("—", "—", "off");
        assertThat(scaled.heldOutsideBounds()).isFalse();
        // a node that says nothing of autoscaling but sends equal bounds: off as well
        assertThat(new PoolRow("assistant", 8, 0, 8, 4, 4, null).minText()).isEqualTo("—");
    }

    @Test
    void withAutoscalingOnTheBoundsShowAndASizeOutsideThemSaysAManualScaleHoldsIt() {
        PoolRow within = new PoolRow("assistant", 4, 1, 3, 2, 6, true);
        assertThat(within).extracting(PoolRow::minText, PoolRow::maxText, PoolRow::autoscaleText).containsExactly("2", "6", "on");
        PoolRow above = new PoolRow("assistant", 8, 1, 7, 2, 6, true);
        assertThat(above.heldOutsideBounds()).isTrue();
        assertThat(above).extracting(PoolRow::minText, PoolRow::maxText, PoolRow::autoscaleText)
                .containsExactly("2", "6", "on · manual size holds, then back to 2–6");
        assertThat(new PoolRow("assistant", 1, 0, 1, 2, 6, true).heldOutsideBounds()).isTrue();
    }

    @Test
    void aNodeThatSaysWhetherTheSizeIsHeldIsBelieved() {
        assertThat(new PoolRow("assistant", 8, 1, 7, 2, 6, true, true).autoscaleText()).isEqualTo("on · manual size holds, then back to 2–6");
        // bounds just set, the autoscaler not there yet: outside, but no manual size holds it
        PoolRow moving = new PoolRow("assistant", 8, 1, 7, 2, 6, true, false);
        assertThat(moving.heldOutsideBounds()).isFalse();
        assertThat(moving.autoscaleText()).isEqualTo("on · size moves to 2–6 at the next step");
        assertThat(new PoolRow("assistant", 8, 0, 8, 8, 8, false, false))
                .extracting(PoolRow::minText, PoolRow::maxText, PoolRow::autoscaleText).containsExactly("—", "—", "off");
    }

    @Test
    void anOlderNodeThatReportsNoBoundsShowsDashes() {
        assertThat(new PoolRow("assistant", 4, 0, 4, null, null, null))
                .extracting(PoolRow::minText, PoolRow::maxText, PoolRow::autoscaleText).containsExactly("—", "—", "—");
    }
}
