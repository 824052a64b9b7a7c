package dev.flotilla.runtime.resilience;

import dev.flotilla.runtime.kernel.ModelCallException;

/**
 * No model of the chain answered. {@code code} is {@code run_timeout} when the run's deadline is
 * what stopped the chain, else {@code model_unavailable}; the message names each model tried and
 * why it gave up, e.g. {@code no model answered: simulated/primary (breaker_open), simulated/fallback
 * (model_server_error after 3 attempts)}; {@link #calls()} counts the model calls made.
 */
public final class ModelUnavailableException extends ModelCallException {

    public static final String UNAVAILABLE = "model_unavailable";
    public static final String TIMEOUT = "run_timeout";

    public ModelUnavailableException(String code, String message, int calls) {
        super(code, message, null, false, calls);
    }
}
