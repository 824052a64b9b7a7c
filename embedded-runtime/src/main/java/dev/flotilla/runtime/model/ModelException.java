package dev.flotilla.runtime.model;

import java.time.Duration;

/** A failed model call, typed so resilience policy can decide whether to retry, trip a breaker, and when to try again. */
public final class ModelException extends Exception {

    /**
     * What went wrong. {@code retryable}: the same request may succeed later (429, 5xx, timeouts,
     * resets, malformed replies, a full bulkhead). {@code unhealthy}: the failure says the model
     * itself is in trouble, so it counts against its circuit breaker; a 429 does not (the model is
     * up, we are over our quota: Retry-After handles it), nor do 400/401 (our request or our key is
     * wrong, not the model), nor a full bulkhead (our own concurrency cap, no call was made).
     */
    public enum Kind {
        RATE_LIMITED(true, false),
        SERVER_ERROR(true, true),
        TIMEOUT(true, true),
        CONNECTION_RESET(true, true),
        MALFORMED(true, true),
        BULKHEAD_FULL(true, false),
        BAD_REQUEST(false, false),
        UNAUTHORIZED(false, false),
        REJECTED(false, false);

        private final boolean retryable;
        private final boolean unhealthy;

        Kind(boolean retryable, boolean unhealthy) {
            this.retryable = retryable;
            this.unhealthy = unhealthy;
        }

        public boolean retryable() { return retryable; }

        /** True when this failure counts against the model's circuit breaker. */
        public boolean unhealthy() { return unhealthy; }
    }

    private final Kind kind;
    private final Duration retryAfter;
    private boolean cutByDeadline;

    public ModelException(Kind kind, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public ModelException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() { return kind; }

    /** A timeout because the run's deadline came first, not because the model was slow past its own timeout. */
    public static ModelException deadlineCut(String message) {
        ModelException e = new ModelException(Kind.TIMEOUT, message);
        e.cutByDeadline = true;
        return e;
    }

    public boolean cutByDeadline() { return cutByDeadline; }

    /** The wait a provider asked for (429 or 503 Retry-After), or null. */
    public Duration retryAfter() { return retryAfter; }

    /** Error code for run records and events, e.g. {@code model_rate_limited}. */
    public String code() {
        return "model_" + kind.name().toLowerCase();
    }
}
