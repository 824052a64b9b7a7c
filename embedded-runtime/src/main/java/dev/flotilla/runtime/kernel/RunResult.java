package dev.flotilla.runtime.kernel;

import java.util.Objects;

/**
 * A run that ended with an answer. {@code attempts} is 1 plus every retried model call (a call to
 * a fallback model is a retry of its step): tool steps are progress, not attempts. {@code model}
 * answered the last step, as {@code provider/model}; {@code fallbackReason} is why that step fell
 * back, null when its primary answered. The token counts sum every step; {@code cachedTokens},
 * {@code reasoningTokens} and {@code cacheWriteTokens} are the parts providers report (0 otherwise).
 */
public record RunResult(String output, int promptTokens, int completionTokens, int attempts,
                        String model, String fallbackReason, int cachedTokens, int reasoningTokens, int cacheWriteTokens) {

    public RunResult {
        Objects.requireNonNull(output, "output is null");
        if (attempts < 1) throw new IllegalArgumentException("attempts < 1: " + attempts);
    }

    public RunResult(String output, int promptTokens, int completionTokens, int attempts, String model, String fallbackReason) {
        this(output, promptTokens, completionTokens, attempts, model, fallbackReason, 0, 0, 0);
    }
}
