package dev.flotilla.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.runtime.ratelimit.RateLimit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's local fleet reads the per-key rate limit from the same variables as a headless node. */
class LocalFleetLimitsTest {

    @Test
    void theKeyLimitComesFromTheEnvironment() {
        assertThat(LocalFleet.keyRateLimit(Map.of())).isEmpty();
        assertThat(LocalFleet.keyRateLimit(Map.of("FLOTILLA_KEY_RATE_PER_MIN", "60", "FLOTILLA_KEY_BURST", "10")))
                .contains(new RateLimit(60, 10));
    }

    @Test
    void aBadValueIsRefusedWithItsName() {
        assertThatThrownBy(() -> LocalFleet.keyRateLimit(Map.of("FLOTILLA_KEY_RATE_PER_MIN", "lots")))
                .hasMessageContaining("FLOTILLA_KEY_RATE_PER_MIN");
        assertThatThrownBy(() -> LocalFleet.keyRateLimit(Map.of("FLOTILLA_KEY_BURST", "5")))
                .as("a burst without a rate").isInstanceOf(IllegalArgumentException.class);
    }
}
