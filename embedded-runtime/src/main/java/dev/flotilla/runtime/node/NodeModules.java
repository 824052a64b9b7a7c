package dev.flotilla.runtime.node;

import dev.flotilla.runtime.audit.AuditModule;
import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.agents.CatalogModule;
import dev.flotilla.runtime.guard.GuardModule;
import dev.flotilla.runtime.kernel.FleetModule;
import dev.flotilla.runtime.money.MoneyModule;
import dev.flotilla.runtime.ratelimit.RateLimitConfig;
import dev.flotilla.runtime.ratelimit.RateLimitModule;
import dev.flotilla.runtime.resilience.ResilienceModule;
import dev.flotilla.runtime.toolpolicy.ToolPolicyModule;
import dev.flotilla.runtime.tracing.TracingConfig;
import dev.flotilla.runtime.tracing.TracingModule;
import dev.flotilla.runtime.tool.Tool;
import dev.flotilla.runtime.tool.ToolRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The modules of a node, in the order they register: the one place a feature is added to the
 * runtime (one line in {@link #all()}). The node keeps the ones whose figures it reports.
 */
final class NodeModules {

    final ResilienceModule resilience;
    final RateLimitModule rateLimits;
    final AuditModule audit = new AuditModule();
    final TracingModule tracing;
    final CatalogModule catalog;

    NodeModules(NodeConfig c) {
        resilience = ResilienceModule.of(c.resilience());
        RateLimitModule limits = RateLimitModule.of(new RateLimitConfig(c.keyRateLimit(), c.agentRateLimit(), c.providerLimits()));
        tracing = TracingModule.of(TracingConfig.defaults().withOtel(c.otel()).withPush(c.pushgatewayUrl(), c.pushEvery()));
        rateLimits = c.providerLimitsOverride() != null ? limits.withProviderLimits(c.providerLimitsOverride()) : limits;
        List<Tool> all = new ArrayList<>(ToolRegistry.builtIn(c.clock()).all());
        all.addAll(c.tools());
        catalog = new CatalogModule(all, c.agents().isEmpty() ? List.of(AgentDefinition.assistant(c.poolSize())) : c.agents());
    }

    List<FleetModule> all() {
        return List.of(
                resilience,
                rateLimits,
                audit,
                new ToolPolicyModule(),
                tracing,
                MoneyModule.defaults(),
                catalog,
                GuardModule.fromSettings());
    }
}
