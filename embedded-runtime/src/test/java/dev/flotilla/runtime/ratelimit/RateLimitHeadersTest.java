package dev.flotilla.runtime.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

    @Test
    void fieldValuesRoundTheWaitUp() {
        assertThat(RateLimitHeaders.wholeSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(RateLimitHeaders.wholeSeconds(Duration.ZERO)).isEqualTo(1);
        assertThat(RateLimitHeaders.wholeSeconds(Duration.ofMillis(1_000))).isEqualTo(1);
        assertThat(RateLimitHeaders.wholeSeconds(Duration.ofMillis(1_001))).isEqualTo(2);
        assertThat(RateLimitHeaders.wholeSeconds(Duration.ofNanos(59_999_999_001L))).isEqualTo(60);
    }
}
