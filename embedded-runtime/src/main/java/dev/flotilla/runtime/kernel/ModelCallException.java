package dev.flotilla.runtime.kernel;

import dev.flotilla.runtime.model.ModelException;
import java.util.Objects;

/**
 * A model call that gave no answer. Three kinds, told apart by what they carry:
 * <ul>
 *   <li>{@link #failed}: the model was called and failed ({@link #failure()} says how; retry
 *       policy decides from its kind whether to try again);</li>
 *   <li>{@link #notCalled}: a failure before the model was called (a full bulkhead, the deadline
 *       passed); retryable like the failure it carries, but no call was spent;</li>
 *   <li>{@link #refused}: an interceptor decided this model is not to be called now (an open
 *       breaker, a provider budget spent past the deadline, a cost budget exhausted); the retry
 *       interceptor gives the model up at once and moves on to the next of the chain, with the
 *       message as the reason. No failure, no call.</li>
 * </ul>
 * The outermost interceptor that gives up on the whole chain throws a subclass carrying the calls
 * made. Stack traces are not filled in: these are outcomes, not bugs.
 */
public class ModelCallException extends Exception {

    private final String code;
    private final ModelException failure;
    private final boolean called;
    private final int calls;

    protected ModelCallException(String code, String message, ModelException failure, boolean called, int calls) {
        super(message, failure, false, false);
        this.code = Objects.requireNonNull(code, "code is null");
        this.failure = failure;
        this.called = called;
        this.calls = calls;
    }

    /** The model was called and answered with {@code failure}. */
    public static ModelCallException failed(ModelException failure) {
        return new ModelCallException(failure.code(), failure.getMessage(), failure, true, 1);
    }

    /** The model was not called because of {@code failure} (e.g. {@link ModelException.Kind#BULKHEAD_FULL}). */
    public static ModelCallException notCalled(ModelException failure) {
        return new ModelCallException(failure.code(), failure.getMessage(), failure, false, 0);
    }

    /**
     * The model is not to be called now: {@code code} names why (e.g. {@code breaker_open},
     * {@code provider_throttled}), {@code detail} says it in words or is null; the message, the
     * fallback reason operators see, is {@code code: detail}.
     */
    public static ModelCallException refused(String code, String detail) {
        return new ModelCallException(code, detail == null ? code : code + ": " + detail, null, false, 0);
    }

    /** E.g. {@code model_server_error}, {@code breaker_open}, {@code model_unavailable}. */
    public String code() { return code; }

    /** The model's (or the guard's) typed failure; null when refused. */
    public ModelException failure() { return failure; }

    /** True when an interceptor refused the model: not to be retried. */
    public boolean refused() { return failure == null; }

    /** True when the model was actually called (the call counts as an attempt, and with its breaker). */
    public boolean called() { return called; }

    /** Model calls spent on the way to this outcome. */
    public int calls() { return calls; }
}
