package dev.flotilla.console.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void waitsDoubleFromHalfASecondUpToTenSeconds() {
        Backoff b = Backoff.standard();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) waits.add(b.next().toMillis());
        assertThat(waits).containsExactly(500L, 1_000L, 2_000L, 4_000L, 8_000L, 10_000L, 10_000L, 10_000L);
    }

    @Test
    void aSuccessStartsTheWaitsSmallAgain() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));
        b.next();
        b.next();
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofMillis(500));
    }
}
