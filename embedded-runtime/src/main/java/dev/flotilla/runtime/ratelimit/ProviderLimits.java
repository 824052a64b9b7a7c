package dev.flotilla.runtime.ratelimit;

import java.time.Duration;

/**
 * The request and token budgets of model providers, shared by every node of the fleet, checked
 * before a call goes out. {@link #acquire} either admits the call (and spends its budget) or says
 * how long to wait before asking again; it never blocks.
 */
public interface ProviderLimits {

    /** The outcome of one ask: admitted, or the wait and which budget ran out (rpm or tpm). */
    record Decision(boolean admitted, Duration retryIn, String limit) {
        public static final Decision ADMITTED = new Decision(true, Duration.ZERO, null);
    }

    Decision acquire(String provider, String model, int estimatedTokens);

    /** No limits: every call admitted. */
    static ProviderLimits none() {
        return (provider, model, tokens) -> Decision.ADMITTED;
    }
}
