package dev.flotilla.runtime.money;

import dev.flotilla.runtime.money.alert.Deliveries;
import java.time.Duration;

/**
 * The money module's tunables: how often a node re-reads budgets and prices ({@code refresh}),
 * how often it writes the settlements it gathered ({@code settleInterval}), and how webhooks are retried.
 */
public record MoneyConfig(Duration refresh, Duration settleInterval, Deliveries.Policy webhooks) {

    public MoneyConfig {
        if (refresh.isNegative() || refresh.isZero()) throw new IllegalArgumentException("refresh must be positive: " + refresh);
        if (settleInterval.isNegative() || settleInterval.isZero()) throw new IllegalArgumentException("settleInterval must be positive: " + settleInterval);
    }

    public static MoneyConfig defaults() {
        return new MoneyConfig(Duration.ofSeconds(2), Duration.ofMillis(100),
                new Deliveries.Policy(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofDays(1)));
    }

    public MoneyConfig withWebhooks(Deliveries.Policy policy) {
        return new MoneyConfig(refresh, settleInterval, policy);
    }
}
