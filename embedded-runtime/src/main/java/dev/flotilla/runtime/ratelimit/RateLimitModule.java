package dev.flotilla.runtime.ratelimit;

import dev.flotilla.runtime.kernel.AdmissionInterceptor;
import dev.flotilla.runtime.kernel.FleetModule;
import dev.flotilla.runtime.kernel.ModelCallInterceptor;
import dev.flotilla.runtime.kernel.ModuleContext;
import java.util.Objects;

/**
 * Fleet-wide rate limits, the first feature module on the kernel. It registers one Redis script
 * (the token buckets), an admission interceptor that holds each API key and each agent to its runs
 * a minute ({@link AdmissionInterceptor.Stage#LIMIT}: 429 with Retry-After over the limit), and,
 * when provider budgets are set, a model-call interceptor that waits for them before each attempt
 * ({@link ModelCallInterceptor.Stage#SPEND}). Without limits of a kind it registers nothing for it,
 * so an unlimited node pays nothing.
 */
public final class RateLimitModule implements FleetModule {

    private final RateLimitConfig config;
    private final ProviderLimits providerLimits;
    private volatile ProviderLimits active = ProviderLimits.none();

    private RateLimitModule(RateLimitConfig config, ProviderLimits providerLimits) {
        this.config = config;
        this.providerLimits = providerLimits;
    }

    /** The limits of {@code config}. */
    public static RateLimitModule of(RateLimitConfig config) {
        return new RateLimitModule(Objects.requireNonNull(config, "config is null"), null);
    }

    /** The limits the node's settings give ({@link RateLimitConfig#from}), read when the module registers. */
    public static RateLimitModule fromSettings() {
        return new RateLimitModule(null, null);
    }

    /** The same module, asking {@code limits} before model calls instead of the fleet-wide provider budgets (tests, demos). */
    public RateLimitModule withProviderLimits(ProviderLimits limits) {
        return new RateLimitModule(config, Objects.requireNonNull(limits, "limits is null"));
    }

    @Override
    public String name() { return "ratelimit"; }

    @Override
    public void register(ModuleContext ctx) {
        RateLimitConfig c = config != null ? config : RateLimitConfig.from(ctx.settings());
        boolean requestLimits = c.perKey() != null || c.perAgent() != null;
        boolean providerBudgets = providerLimits != null || !c.providers().isEmpty();
        if (!requestLimits && !providerBudgets) return;
        TokenBuckets buckets = new TokenBuckets(ctx.script("token_buckets", TokenBuckets.SCRIPT), null);
        if (requestLimits) {
            RequestLimits limits = new RequestLimits(buckets, ctx::fleetKey, c.perKey(), c.perAgent());
            ctx.interceptAdmission(AdmissionInterceptor.Stage.LIMIT,
                    new RequestLimitsInterceptor(limits, ctx.clock(), ctx.nodeId(), ctx.events()));
        }
        if (providerBudgets) {
            // limits given as an object (tests) win over the fleet-wide ones from the configuration
            ProviderLimits limits = providerLimits != null ? providerLimits : new RedisProviderLimits(buckets, ctx::fleetKey, c.providers());
            ctx.interceptModelCalls(ModelCallInterceptor.Stage.SPEND,
                    new ProviderThrottle(limits, ctx.sleeper(), ctx.clock(), ctx.nodeId(), ctx.events()));
            active = limits;
        }
    }

    /** The provider budgets the node asks before model calls; none before it registered, or without budgets. */
    public ProviderLimits providerLimits() { return active; }
}
