package dev.flotilla.runtime.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The gateway's rate limits, fleet-wide: one token bucket per API key and one per agent, both
 * checked and spent by one Redis script per request ({@link TokenBuckets}), so N nodes never admit
 * N times a limit. A request spends a token from every bucket that applies or from none.
 *
 * <p>Thread-safe. {@link #check} makes one Redis round trip when any limit is set and none
 * otherwise; it throws the store's exception when Redis cannot be reached (the gateway answers
 * 503, it never admits unlimited traffic silently).
 */
public final class RequestLimits {

    /** The policy names clients see in the RateLimit headers; also the {@code scope} of a rejection. */
    public static final String KEY = "key";
    public static final String AGENT = "agent";

    /** One limit that applied to a request and where its bucket stands now. */
    public record Quota(String policy, RateLimit limit, long remaining, Duration nextToken) {}

    /**
     * The answer for one request. When refused, {@code scope} and {@code subject} name the bucket
     * that refused (key and a key fingerprint, or agent and its name) and {@code retryAfter} when it
     * will have a token; {@code quotas} lists every limit that applied, in the order key, agent.
     */
    public record Verdict(boolean admitted, List<Quota> quotas, String scope, String subject, Duration retryAfter) {
        public static final Verdict UNLIMITED = new Verdict(true, List.of(), null, null, Duration.ZERO);
    }

    private final TokenBuckets buckets;
    private final UnaryOperator<String> fleetKey;
    private final RateLimit perKey;
    private final RateLimit perAgent;

    /** {@code fleetKey}: a name to the fleet's Redis key; {@code perKey} and {@code perAgent} may be null: no limit of that kind. */
    RequestLimits(TokenBuckets buckets, UnaryOperator<String> fleetKey, RateLimit perKey, RateLimit perAgent) {
        this.buckets = buckets;
        this.fleetKey = fleetKey;
        this.perKey = perKey;
        this.perAgent = perAgent;
    }

    public Optional<RateLimit> perKey() { return Optional.ofNullable(perKey); }

    public Optional<RateLimit> perAgent() { return Optional.ofNullable(perAgent); }

    /** Checks and spends the key's (by its id) and the agent's tokens for one request, atomically. */
    public Verdict check(String keyId, String agent) {
        if (perKey == null && perAgent == null) return Verdict.UNLIMITED;
        List<String> policies = new ArrayList<>(2);
        List<String> subjects = new ArrayList<>(2);
        List<TokenBuckets.Bucket> asks = new ArrayList<>(2);
        if (perKey != null) {
            policies.add(KEY);
            subjects.add(keyId);
            asks.add(new TokenBuckets.Bucket(bucketKey(KEY, keyId), perKey, 1));
        }
        if (perAgent != null) {
            policies.add(AGENT);
            subjects.add(agent);
            asks.add(new TokenBuckets.Bucket(bucketKey(AGENT, agent), perAgent, 1));
        }
        TokenBuckets.Outcome outcome = buckets.take(asks);
        List<Quota> quotas = new ArrayList<>(asks.size());
        for (int i = 0; i < asks.size(); i++) {
            TokenBuckets.Level level = outcome.levels().get(i);
            quotas.add(new Quota(policies.get(i), asks.get(i).limit(), level.remaining(), level.nextToken()));
        }
        if (outcome.admitted()) return new Verdict(true, List.copyOf(quotas), null, null, Duration.ZERO);
        int refused = outcome.refused();
        return new Verdict(false, List.copyOf(quotas), policies.get(refused), subjects.get(refused), outcome.retryIn());
    }

    /** A gateway token bucket; {@code scope} is key or agent, {@code subject} a key id or an agent name. */
    String bucketKey(String scope, String subject) {
        return fleetKey.apply("rl:" + scope + ":" + subject);
    }

    /** A short, stable name for an API key that reveals nothing of it: the first 12 hex digits of its SHA-256. */
    public static String fingerprint(String apiKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }
}
