package dev.flotilla.runtime.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.resilience.internal.Backoff;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));

    @Test
    void theCeilingDoublesPerRetryUpToTheCap() {
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.ceiling(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofMillis(1000));
        assertThat(backoff.ceiling(1_000)).isEqualTo(Duration.ofMillis(1000)); // no overflow
    }

    @Test
    void fullJitterDrawsFromZeroToTheCeilingAndUsesAllOfIt() {
        Random random = new Random(7);
        for (int retry = 1; retry <= 6; retry++) {
            long ceiling = backoff.ceiling(retry).toMillis();
            long min = Long.MAX_VALUE;
            long max = 0;
            for (int i = 0; i < 2_000; i++) {
                long d = backoff.delay(retry, random).toMillis();
                assertThat(d).isBetween(0L, ceiling);
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
            // full jitter, not "half plus random": waits near zero and near the ceiling both occur
            assertThat(min).as("retry %d", retry).isLessThan(ceiling / 10);
            assertThat(max).as("retry %d", retry).isGreaterThan(ceiling * 9 / 10);
        }
    }
}
