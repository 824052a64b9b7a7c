package dev.flotilla.runtime.kernel;

import java.util.Objects;

/**
 * A run that ended without an answer, for a reason of its own (not the runtime's): {@code code} for
 * the run record (e.g. {@code model_unavailable}, {@code run_timeout}, {@code model_rejected}),
 * a message that says what to do, and the attempts made.
 */
public final class RunFailedException extends Exception {

    private final String code;
    private final int attempts;

    public RunFailedException(String code, String message, int attempts) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code is null");
        if (attempts < 0) throw new IllegalArgumentException("attempts < 0: " + attempts);
        this.attempts = attempts;
    }

    public String code() { return code; }

    public int attempts() { return attempts; }
}
