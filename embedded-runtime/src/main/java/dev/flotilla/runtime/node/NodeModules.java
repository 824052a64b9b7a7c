package dev.flotilla.runtime.node;

import dev.flotilla.runtime.guard.GuardModule;
import dev.flotilla.runtime.kernel.FleetModule;
import dev.flotilla.runtime.ratelimit.RateLimitConfig;
import dev.flotilla.runtime.ratelimit.RateLimitModule;
import dev.flotilla.runtime.resilience.ResilienceModule;
import java.util.List;

/**
 * The modules of a node, in the order they register: the one place a feature is added to the
 * runtime (one line in {@link #all()}). The node keeps the ones whose figures it reports.
 */
final class NodeModules {

    final ResilienceModule resilience;
    final RateLimitModule rateLimits;

    NodeModules(NodeConfig c) {
        resilience = ResilienceModule.of(c.resilience());
        RateLimitModule limits = RateLimitModule.of(new RateLimitConfig(c.keyRateLimit(), c.agentRateLimit(), c.providerLimits()));
        rateLimits = c.providerLimitsOverride() != null ? limits.withProviderLimits(c.providerLimitsOverride()) : limits;
    }

    List<FleetModule> all() {
        return List.of(
                resilience,
                rateLimits,
                GuardModule.fromSettings());
    }
}
