package dev.flotilla.runtime.agent;

import java.time.Duration;

/**
 * How the autoscaler decides (bounds live on each pool, see {@link AgentPool#setBounds}).
 *
 * @param cooldown     least time between two changes of one pool (a manual scale counts as a change)
 * @param downAfter    how long use must stay low, without a break, before the pool shrinks
 * @param interval     how often the autoscaler looks at the pools
 * @param upBusyRatio  grow when runs wait in the queue and at least this share of agents is busy
 * @param lowBusyRatio use is low when no run waits and fewer than this share of agents is busy
 */
public record AutoscaleConfig(Duration cooldown, Duration downAfter, Duration interval,
                              double upBusyRatio, double lowBusyRatio) {

    public static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(15);

    public AutoscaleConfig {
        positive(cooldown, "cooldown");
        positive(downAfter, "downAfter");
        positive(interval, "interval");
        if (!(upBusyRatio > 0 && upBusyRatio <= 1)) throw new IllegalArgumentException("upBusyRatio not in (0,1]: " + upBusyRatio);
        if (!(lowBusyRatio > 0 && lowBusyRatio < upBusyRatio)) {
            throw new IllegalArgumentException("lowBusyRatio not in (0,upBusyRatio): " + lowBusyRatio);
        }
    }

    /** Cool-down 15 s, shrink after two cool-downs of low use, look every second, grow at 75 % busy, low below 50 %. */
    public static AutoscaleConfig defaults() {
        return withCooldown(DEFAULT_COOLDOWN);
    }

    /** The defaults with another cool-down; use must stay low for two cool-downs before a shrink. */
    public static AutoscaleConfig withCooldown(Duration cooldown) {
        positive(cooldown, "cooldown");
        return new AutoscaleConfig(cooldown, cooldown.multipliedBy(2), Duration.ofSeconds(1), 0.75, 0.5);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
    }
}
