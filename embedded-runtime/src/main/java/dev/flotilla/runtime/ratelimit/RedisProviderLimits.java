package dev.flotilla.runtime.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Provider budgets shared by the whole fleet: per provider and model, a requests-a-minute and a
 * tokens-a-minute bucket in Redis, both checked and spent by one script per call. A call whose
 * estimate exceeds the token burst is charged the whole burst (it waits for a full bucket rather
 * than forever). Models without a limit (see {@link ProviderLimit#parseAll}) are admitted without
 * a round trip.
 *
 * <p>Thread-safe and non-blocking: {@link #acquire} makes at most one Redis round trip and throws
 * the store's exception when Redis cannot be reached. A refused ask spends nothing;
 * there is no reservation, so a caller that waits {@code retryIn} and asks again may find the
 * budget taken by a faster node.
 */
final class RedisProviderLimits implements ProviderLimits {

    private final TokenBuckets buckets;
    private final UnaryOperator<String> fleetKey;
    private final Map<String, ProviderLimit> limits;

    /**
     * {@code fleetKey}: a name to the fleet's Redis key; {@code limits}: {@code provider/model} (or
     * {@code provider/*}) to its limit, as {@link ProviderLimit#parseAll} gives.
     */
    RedisProviderLimits(TokenBuckets buckets, UnaryOperator<String> fleetKey, Map<String, ProviderLimit> limits) {
        this.buckets = buckets;
        this.fleetKey = fleetKey;
        this.limits = Map.copyOf(limits);
    }

    /** The limit that applies to a model: its own entry, else its provider's {@code *} entry. */
    public Optional<ProviderLimit> limitFor(String provider, String model) {
        ProviderLimit own = limits.get(provider + "/" + model);
        return Optional.ofNullable(own != null ? own : limits.get(provider + "/*"));
    }

    /** A provider budget bucket; {@code limit} is rpm or tpm. */
    String bucketKey(String provider, String model, String limit) {
        return fleetKey.apply("rl:provider:" + provider + "/" + model + ":" + limit);
    }

    @Override
    public Decision acquire(String provider, String model, int estimatedTokens) {
        if (estimatedTokens < 0) throw new IllegalArgumentException("estimatedTokens < 0: " + estimatedTokens);
        ProviderLimit limit = limitFor(provider, model).orElse(null);
        if (limit == null) return Decision.ADMITTED;
        List<TokenBuckets.Bucket> asks = new ArrayList<>(2);
        List<String> names = new ArrayList<>(2);
        if (limit.rpm() != null) {
            asks.add(new TokenBuckets.Bucket(bucketKey(provider, model, "rpm"), limit.rpm(), 1));
            names.add("rpm");
        }
        if (limit.tpm() != null && estimatedTokens > 0) {
            asks.add(new TokenBuckets.Bucket(bucketKey(provider, model, "tpm"), limit.tpm(), estimatedTokens));
            names.add("tpm");
        }
        if (asks.isEmpty()) return Decision.ADMITTED; // a token-only limit and a call that costs no tokens
        TokenBuckets.Outcome outcome = buckets.take(asks);
        if (outcome.admitted()) return Decision.ADMITTED;
        return new Decision(false, outcome.retryIn(), names.get(outcome.refused()));
    }
}
