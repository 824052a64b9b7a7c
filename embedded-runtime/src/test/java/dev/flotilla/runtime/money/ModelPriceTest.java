package dev.flotilla.runtime.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.flotilla.runtime.money.price.ModelPrice;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A price turns a call's tokens into USD: cached input and reasoning at their own rates, as parts of input and output. */
class ModelPriceTest {

    final ModelPrice price = new ModelPrice("acme/big", Instant.EPOCH, 3.0, 0.3, 15.0, 60.0, 1000);

    @Test
    void cachedInputAndReasoningArePricedAsTheirOwnPartsOfInputAndOutput() {
        // 1,000 input of which 400 cached; 500 output of which 200 reasoning
        double expected = (600 * 3.0 + 400 * 0.3 + 300 * 15.0 + 200 * 60.0) / 1e6;
        assertThat(price.cost(1000, 400, 500, 200)).isCloseTo(expected, within(1e-15));
        // parts larger than the whole are capped: never a negative share
        assertThat(price.cost(100, 500, 10, 50)).isCloseTo((100 * 0.3 + 10 * 60.0) / 1e6, within(1e-15));
    }

    @Test
    void theMostACallMayCostIsItsPromptAndItsMaximumOutputAtTheDearerRates() {
        assertThat(price.maxCost(2000)).isCloseTo((2000 * 3.0 + 1000 * 60.0) / 1e6, within(1e-15));
        assertThat(price.maxCost(2000)).isGreaterThanOrEqualTo(price.cost(2000, 0, 1000, 1000));
    }

    @Test
    void badPricesNameTheField() {
        assertThatThrownBy(() -> new ModelPrice("acme/big", Instant.EPOCH, -1, 0, 1, 1, 10)).hasMessageContaining("input_per_mtok");
        assertThatThrownBy(() -> new ModelPrice("acme/big", Instant.EPOCH, 1, Double.NaN, 1, 1, 10)).hasMessageContaining("cached_input_per_mtok");
        assertThatThrownBy(() -> new ModelPrice("acme/big", Instant.EPOCH, 1, 1, 1, 1, 0)).hasMessageContaining("max_output_tokens");
    }
}
