package dev.flotilla.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.runtime.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuthFailuresTest {

    @Test
    void anAddressIsBlockedAfterTheLimitUntilItsWindowEndsAndOthersAreNot() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        AuthFailures failures = new AuthFailures(3, Duration.ofMinutes(1), clock, 100);
        assertThat(failures.failed("10.0.0.1")).isEqualTo(AuthFailures.Mark.BURST_STARTED);
        assertThat(failures.failed("10.0.0.1")).isEqualTo(AuthFailures.Mark.MORE);
        assertThat(failures.blockedForSeconds("10.0.0.1")).isZero();
        assertThat(failures.failed("10.0.0.1")).isEqualTo(AuthFailures.Mark.LIMIT_REACHED);
        clock.advance(Duration.ofSeconds(20));
        assertThat(failures.blockedForSeconds("10.0.0.1")).isBetween(40L, 41L);
        assertThat(failures.blockedForSeconds("10.0.0.2")).isZero();
        clock.advance(Duration.ofSeconds(40));
        assertThat(failures.blockedForSeconds("10.0.0.1")).isZero();
        assertThat(failures.failed("10.0.0.1")).as("a new burst").isEqualTo(AuthFailures.Mark.BURST_STARTED);
    }
}
