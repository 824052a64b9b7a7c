package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * The circuit breaker of one provider and model on one node. The rates are percentages, {@code -1}
 * (or null) while the breaker has seen too few calls to judge.
 */
public record Breaker(String provider, String model, String state,
                      @JsonProperty("failure_rate") Double failureRate,
                      @JsonProperty("slow_call_rate") Double slowCallRate,
                      Long calls) {

    /** {@code provider/model}, as the runtime names models elsewhere. */
    public String target() {
        if (provider == null || provider.isBlank()) return model == null ? "" : model;
        return model == null || model.isBlank() ? provider : provider + "/" + model;
    }

    /** Open, or forced open: calls fail fast. */
    public boolean isOpen() {
        String s = normalized();
        return "open".equals(s) || "forced_open".equals(s);
    }

    public boolean isHalfOpen() {
        return "half_open".equals(normalized());
    }

    /** The state in lower case ({@code closed}, {@code open}, {@code half_open}, …); empty when absent. */
    public String normalized() {
        return state == null ? "" : state.strip().toLowerCase(Locale.ROOT);
    }
}
