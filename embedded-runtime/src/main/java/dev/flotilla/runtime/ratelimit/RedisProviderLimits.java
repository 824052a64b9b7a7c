package dev.flotilla.runtime.ratelimit;

import dev.flotilla.runtime.store.BucketStore;
import dev.flotilla.runtime.store.Keys;
import dev.flotilla.runtime.resilience.ProviderLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Provider budgets shared by the whole fleet: per provider and model, a requests-a-minute and a
 * tokens-a-minute bucket in Redis, both checked and spent by one script per call. A call whose
 * estimate exceeds the token burst is charged the whole burst (it waits for a full bucket rather
 * than forever). Models without a limit (see {@link ProviderLimit#parseAll}) are admitted without
 * a round trip.
 *
 * <p>Thread-safe and non-blocking: {@link #acquire} makes at most one Redis round trip and throws
 * {@code StoreUnavailableException} when Redis cannot be reached. A refused ask spends nothing;
 * there is no reservation, so a caller that waits {@code retryIn} and asks again may find the
 * budget taken by a faster node.
 */
public final class RedisProviderLimits implements ProviderLimits {

    private final TokenBuckets buckets;
    private final Keys keys;
    private final Map<String, ProviderLimit> limits;

    /** {@code limits}: {@code provider/model} (or {@code provider/*}) to its limit, as {@link ProviderLimit#parseAll} gives. */
    public RedisProviderLimits(BucketStore buckets, Keys keys, Map<String, ProviderLimit> limits) {
        this(new TokenBuckets(buckets), keys, limits);
    }

    RedisProviderLimits(TokenBuckets buckets, Keys keys, Map<String, ProviderLimit> limits) {
        this.buckets = buckets;
        this.keys = keys;
        this.limits = Map.copyOf(limits);
    }

    /** The limit that applies to a model: its own entry, else its provider's {@code *} entry. */
    public Optional<ProviderLimit> limitFor(String provider, String model) {
        ProviderLimit own = limits.get(provider + "/" + model);
        return Optional.ofNullable(own != null ? own : limits.get(provider + "/*"));
    }

    @Override
    public Decision acquire(String provider, String model, int estimatedTokens) {
        if (estimatedTokens < 0) throw new IllegalArgumentException("estimatedTokens < 0: " + estimatedTokens);
        ProviderLimit limit = limitFor(provider, model).orElse(null);
        if (limit == null) return Decision.ADMITTED;
        List<TokenBuckets.Bucket> asks = new ArrayList<>(2);
        List<String> names = new ArrayList<>(2);
        if (limit.rpm() != null) {
            asks.add(new TokenBuckets.Bucket(keys.providerBucket(provider, model, "rpm"), limit.rpm(), 1));
            names.add("rpm");
        }
        if (limit.tpm() != null && estimatedTokens > 0) {
            asks.add(new TokenBuckets.Bucket(keys.providerBucket(provider, model, "tpm"), limit.tpm(), estimatedTokens));
            names.add("tpm");
        }
        if (asks.isEmpty()) return Decision.ADMITTED; // a token-only limit and a call that costs no tokens
        TokenBuckets.Outcome outcome = buckets.take(asks);
        if (outcome.admitted()) return Decision.ADMITTED;
        return new Decision(false, outcome.retryIn(), names.get(outcome.refused()));
    }
}
