package dev.flotilla.runtime.model;

import java.time.Duration;

/** A failed model call, typed so resilience policy can decide whether to retry and when. */
public final class ModelException extends Exception {

    public enum Kind {
        RATE_LIMITED(true), SERVER_ERROR(true), TIMEOUT(true), MALFORMED(true), REJECTED(false);

        private final boolean retryable;

        Kind(boolean retryable) { this.retryable = retryable; }

        public boolean retryable() { return retryable; }
    }

    private final Kind kind;
    private final Duration retryAfter;

    public ModelException(Kind kind, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public ModelException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() { return kind; }

    /** The wait a provider asked for (429 Retry-After), or null. */
    public Duration retryAfter() { return retryAfter; }

    /** Error code for run records and events, e.g. {@code model_rate_limited}. */
    public String code() {
        return "model_" + kind.name().toLowerCase();
    }
}
