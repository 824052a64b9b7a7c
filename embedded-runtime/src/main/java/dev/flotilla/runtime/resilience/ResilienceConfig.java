package dev.flotilla.runtime.resilience;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How model calls degrade: retries, per-call timeout, circuit breakers and bulkheads. Immutable;
 * build with {@link #builder()} (every setter validates its value). Defaults suit a fleet talking to
 * hosted LLM APIs: 3 attempts with full-jitter backoff from 100 ms up to 5 s, 60 s per call, a
 * breaker per provider/model over the last 20 calls (judged from 10 on) that opens at 50 % failures
 * or 80 % calls slower than 10 s, stays open 30 s, then lets 3 probes through; at most 1,024
 * concurrent calls per provider, waiting up to 500 ms for a slot.
 */
public final class ResilienceConfig {

    private final int maxAttempts;
    private final Duration backoffBase;
    private final Duration backoffCap;
    private final Duration callTimeout;
    private final SlidingWindowType windowType;
    private final int windowSize;
    private final int minimumCalls;
    private final float failureRateThreshold;
    private final float slowCallRateThreshold;
    private final Duration slowCallDuration;
    private final Duration openWait;
    private final int halfOpenCalls;
    private final int bulkheadMaxCalls;
    private final Duration bulkheadMaxWait;

    private ResilienceConfig(Builder b) {
        maxAttempts = b.maxAttempts;
        backoffBase = b.backoffBase;
        backoffCap = b.backoffCap;
        callTimeout = b.callTimeout;
        windowType = b.windowType;
        windowSize = b.windowSize;
        minimumCalls = b.minimumCalls;
        failureRateThreshold = b.failureRateThreshold;
        slowCallRateThreshold = b.slowCallRateThreshold;
        slowCallDuration = b.slowCallDuration;
        openWait = b.openWait;
        halfOpenCalls = b.halfOpenCalls;
        bulkheadMaxCalls = b.bulkheadMaxCalls;
        bulkheadMaxWait = b.bulkheadMaxWait;
    }

    public static ResilienceConfig defaults() { return builder().build(); }

    public static Builder builder() { return new Builder(); }

    public Builder toBuilder() { return new Builder(this); }

    public int maxAttempts() { return maxAttempts; }
    public Duration backoffBase() { return backoffBase; }
    public Duration backoffCap() { return backoffCap; }
    public Duration callTimeout() { return callTimeout; }
    public Duration bulkheadMaxWait() { return bulkheadMaxWait; }

    /**
     * The breaker settings as Resilience4j takes them, on {@code clock} (tests pass one they move).
     * Only {@link dev.flotilla.runtime.model.ModelException.Kind#unhealthy() unhealthy} failures
     * count; the others are ignored, neither failure nor success. Open to half-open happens on the
     * next call after the wait, never on a timer thread, so an injected clock is all a test needs.
     */
    public CircuitBreakerConfig breakerConfig(Clock clock) {
        // a count-based window can never hold more calls than its size
        int judgeFrom = windowType == SlidingWindowType.COUNT_BASED ? Math.min(minimumCalls, windowSize) : minimumCalls;
        return CircuitBreakerConfig.custom()
                .slidingWindow(windowSize, judgeFrom, windowType)
                .failureRateThreshold(failureRateThreshold)
                .slowCallRateThreshold(slowCallRateThreshold)
                .slowCallDurationThreshold(slowCallDuration)
                .waitDurationInOpenState(openWait)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(ResilienceConfig::unhealthy)
                .ignoreException(t -> !unhealthy(t))
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
    }

    private static boolean unhealthy(Throwable t) {
        return t instanceof dev.flotilla.runtime.model.ModelException me && me.kind().unhealthy();
    }

    public BulkheadConfig bulkheadConfig() {
        return BulkheadConfig.custom().maxConcurrentCalls(bulkheadMaxCalls).maxWaitDuration(bulkheadMaxWait)
                .fairCallHandlingStrategyEnabled(true).writableStackTraceEnabled(false).build();
    }

    /** A time limit of {@code timeout} that cancels (interrupts) the call it gives up on. */
    public static TimeLimiterConfig timeLimiterConfig(Duration timeout) {
        return TimeLimiterConfig.custom().timeoutDuration(timeout).cancelRunningFuture(true).build();
    }

    public static final class Builder {
        private int maxAttempts = 3;
        private Duration backoffBase = Duration.ofMillis(100);
        private Duration backoffCap = Duration.ofSeconds(5);
        private Duration callTimeout = Duration.ofSeconds(60);
        private SlidingWindowType windowType = SlidingWindowType.COUNT_BASED;
        private int windowSize = 20;
        private int minimumCalls = 10;
        private float failureRateThreshold = 50;
        private float slowCallRateThreshold = 80;
        private Duration slowCallDuration = Duration.ofSeconds(10);
        private Duration openWait = Duration.ofSeconds(30);
        private int halfOpenCalls = 3;
        private int bulkheadMaxCalls = 1024;
        private Duration bulkheadMaxWait = Duration.ofMillis(500);

        private Builder() {}

        private Builder(ResilienceConfig c) {
            maxAttempts = c.maxAttempts;
            backoffBase = c.backoffBase;
            backoffCap = c.backoffCap;
            callTimeout = c.callTimeout;
            windowType = c.windowType;
            windowSize = c.windowSize;
            minimumCalls = c.minimumCalls;
            failureRateThreshold = c.failureRateThreshold;
            slowCallRateThreshold = c.slowCallRateThreshold;
            slowCallDuration = c.slowCallDuration;
            openWait = c.openWait;
            halfOpenCalls = c.halfOpenCalls;
            bulkheadMaxCalls = c.bulkheadMaxCalls;
            bulkheadMaxWait = c.bulkheadMaxWait;
        }

        /** Calls of one model per step, first included (1 = no retries). */
        public Builder maxAttempts(int v) { maxAttempts = atLeast(v, 1, "maxAttempts"); return this; }

        /** Full jitter: the wait before retry n is uniform in [0, min(cap, base * 2^(n-1))]. */
        public Builder backoff(Duration base, Duration cap) {
            positive(base, "backoff base");
            positive(cap, "backoff cap");
            if (cap.compareTo(base) < 0) throw new IllegalArgumentException("backoff cap < base: " + cap + " < " + base);
            backoffBase = base;
            backoffCap = cap;
            return this;
        }

        public Builder callTimeout(Duration v) { callTimeout = positive(v, "callTimeout"); return this; }

        /** Count-based: the last {@code size} calls; time-based: the calls of the last {@code size} seconds. */
        public Builder breakerWindow(SlidingWindowType type, int size) {
            windowType = Objects.requireNonNull(type, "window type");
            windowSize = atLeast(size, 1, "breaker window size");
            return this;
        }

        /** Calls the breaker needs in its window before it judges the rates. */
        public Builder breakerMinimumCalls(int v) { minimumCalls = atLeast(v, 1, "breaker minimum calls"); return this; }

        public Builder failureRateThreshold(float percent) { failureRateThreshold = percent(percent, "failureRateThreshold"); return this; }

        /** The breaker also opens when this share of calls took longer than {@code slowerThan}. */
        public Builder slowCalls(float percent, Duration slowerThan) {
            slowCallRateThreshold = percent(percent, "slowCallRateThreshold");
            slowCallDuration = positive(slowerThan, "slowCallDuration");
            return this;
        }

        public Builder openWait(Duration v) { openWait = positive(v, "openWait"); return this; }

        public Builder halfOpenCalls(int v) { halfOpenCalls = atLeast(v, 1, "halfOpenCalls"); return this; }

        /** Concurrent calls per provider, and how long a call waits for a slot before it counts as a retryable failure. */
        public Builder bulkhead(int maxCalls, Duration maxWait) {
            bulkheadMaxCalls = atLeast(maxCalls, 1, "bulkhead max calls");
            if (maxWait == null || maxWait.isNegative()) throw new IllegalArgumentException("bulkhead max wait < 0: " + maxWait);
            bulkheadMaxWait = maxWait;
            return this;
        }

        public ResilienceConfig build() { return new ResilienceConfig(this); }

        private static int atLeast(int v, int min, String name) {
            if (v < min) throw new IllegalArgumentException(name + " < " + min + ": " + v);
            return v;
        }

        private static float percent(float v, String name) {
            if (!(v > 0 && v <= 100)) throw new IllegalArgumentException(name + " not in (0,100]: " + v);
            return v;
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
            return d;
        }
    }
}
