package dev.flotilla.runtime.ratelimit;

import dev.flotilla.runtime.kernel.Settings;
import java.util.Map;

/**
 * What the rate-limit module enforces, fleet-wide: runs a minute per API key ({@code perKey}) and
 * per agent ({@code perAgent}), null for no limit; and budgets toward model providers
 * ({@code providers}: {@code provider/model} or {@code provider/*} to its limit), empty for none.
 */
public record RateLimitConfig(RateLimit perKey, RateLimit perAgent, Map<String, ProviderLimit> providers) {

    public static final String KEY_RATE = "FLOTILLA_KEY_RATE_PER_MIN";
    public static final String KEY_BURST = "FLOTILLA_KEY_BURST";
    public static final String AGENT_RATE = "FLOTILLA_AGENT_RATE_PER_MIN";
    public static final String AGENT_BURST = "FLOTILLA_AGENT_BURST";
    public static final String PROVIDER_LIMITS = "FLOTILLA_PROVIDER_LIMITS";

    public RateLimitConfig {
        providers = providers == null ? Map.of() : Map.copyOf(providers);
    }

    /** No limits at all. */
    public static RateLimitConfig none() {
        return new RateLimitConfig(null, null, Map.of());
    }

    /**
     * From the node's settings: {@value #KEY_RATE} and {@value #KEY_BURST}, {@value #AGENT_RATE}
     * and {@value #AGENT_BURST} (a rate of 0 or unset: no limit; a burst of 0 or unset: one minute's
     * worth), {@value #PROVIDER_LIMITS} as {@link ProviderLimit#parseAll} reads it. A bad value is
     * an {@link IllegalArgumentException} naming the setting.
     */
    public static RateLimitConfig from(Settings s) {
        RateLimit perKey = RateLimit.fromSettings(KEY_RATE, s.number(KEY_RATE, 0), KEY_BURST, s.number(KEY_BURST, 0)).orElse(null);
        RateLimit perAgent = RateLimit.fromSettings(AGENT_RATE, s.number(AGENT_RATE, 0), AGENT_BURST, s.number(AGENT_BURST, 0)).orElse(null);
        return new RateLimitConfig(perKey, perAgent, ProviderLimit.parseAll(s.text(PROVIDER_LIMITS).orElse(null)));
    }
}
