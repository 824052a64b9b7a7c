package dev.flotilla.runtime.kernel;

import java.util.Objects;

/**
 * A run that ended with an answer. {@code attempts} is 1 plus every retried model call (a call to
 * a fallback model is a retry of its step): tool steps are progress, not attempts. {@code model}
 * answered the last step, as {@code provider/model}; {@code fallbackReason} is why that step fell
 * back, null when its primary answered. The token counts sum every step; {@code cachedInputTokens},
 * {@code reasoningTokens} and {@code cacheWriteTokens} are the parts providers report (0 otherwise);
 * {@code costUsd} is null unless a module priced the run.
 */
public record RunResult(String output, int promptTokens, int completionTokens, int attempts,
                        String model, String fallbackReason, int cachedInputTokens, int reasoningTokens, int cacheWriteTokens,
                        Double costUsd) {

    public RunResult {
        Objects.requireNonNull(output, "output is null");
        if (attempts < 1) throw new IllegalArgumentException("attempts < 1: " + attempts);
    }

    public RunResult(String output, int promptTokens, int completionTokens, int attempts, String model, String fallbackReason) {
        this(output, promptTokens, completionTokens, attempts, model, fallbackReason, 0, 0, 0, null);
    }

    public RunResult(String output, int promptTokens, int completionTokens, int attempts, String model, String fallbackReason,
                     int cachedInputTokens, int reasoningTokens, int cacheWriteTokens) {
        this(output, promptTokens, completionTokens, attempts, model, fallbackReason, cachedInputTokens, reasoningTokens, cacheWriteTokens, null);
    }

    /** The same result, priced at {@code usd}. */
    public RunResult withCost(double usd) {
        return new RunResult(output, promptTokens, completionTokens, attempts, model, fallbackReason, cachedInputTokens, reasoningTokens,
                cacheWriteTokens, usd);
    }
}
