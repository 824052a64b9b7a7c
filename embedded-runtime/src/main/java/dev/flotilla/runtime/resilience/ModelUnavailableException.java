package dev.flotilla.runtime.resilience;

/**
 * No model of the chain answered. {@code code} is {@code run_timeout} when the run's deadline is
 * what stopped the chain, else {@code model_unavailable}; the message names each model tried and
 * why it gave up, e.g. {@code no model answered: simulated/primary (breaker_open), simulated/fallback
 * (model_server_error after 3 attempts)}.
 */
public final class ModelUnavailableException extends Exception {

    public static final String UNAVAILABLE = "model_unavailable";
    public static final String TIMEOUT = "run_timeout";

    private final String code;
    private final int calls;

    public ModelUnavailableException(String code, String message, int calls) {
        super(message, null, false, false);
        this.code = code;
        this.calls = calls;
    }

    public String code() { return code; }

    /** Model calls made before giving up. */
    public int calls() { return calls; }
}
