package dev.flotilla.runtime.kernel;

import java.util.Objects;

/**
 * A run that ended with an answer. {@code attempts} is 1 plus every retried model call (a call to
 * a fallback model is a retry of its step): tool steps are progress, not attempts. {@code model}
 * answered the last step, as {@code provider/model}; {@code fallbackReason} is why that step fell
 * back, null when its primary answered. {@code cachedInputTokens} and {@code reasoningTokens} are
 * parts of the prompt and completion tokens; {@code costUsd} is null unless a module priced the run.
 */
public record RunResult(String output, int promptTokens, int completionTokens, int attempts,
                        String model, String fallbackReason, int cachedInputTokens, int reasoningTokens, Double costUsd) {

    public RunResult {
        Objects.requireNonNull(output, "output is null");
        if (attempts < 1) throw new IllegalArgumentException("attempts < 1: " + attempts);
    }

    public RunResult(String output, int promptTokens, int completionTokens, int attempts, String model, String fallbackReason) {
        this(output, promptTokens, completionTokens, attempts, model, fallbackReason, 0, 0, null);
    }

    /** The same result, priced at {@code usd}. */
    public RunResult withCost(double usd) {
        return new RunResult(output, promptTokens, completionTokens, attempts, model, fallbackReason, cachedInputTokens, reasoningTokens, usd);
    }
}
