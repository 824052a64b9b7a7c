package dev.flotilla.runtime.run;

/**
 * The tokens a run's model calls used, all attempts together. {@code promptTokens} counts all
 * input, {@code cachedInputTokens} the part of it read from a prompt cache and
 * {@code cacheWriteTokens} the part written to one; {@code reasoningTokens} the part of
 * {@code completionTokens} spent thinking. Costs differ for each, so they are kept apart;
 * {@code costUsd} is what they cost at the prices of their calls, null where no one priced them.
 */
public record Usage(int promptTokens, int completionTokens, int cachedInputTokens, int reasoningTokens, int cacheWriteTokens,
                    Double costUsd) {
    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || cachedInputTokens < 0 || reasoningTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + promptTokens + ", " + completionTokens
                    + ", " + cachedInputTokens + ", " + reasoningTokens + ", " + cacheWriteTokens);
        }
        if (costUsd != null && (costUsd < 0 || costUsd.isNaN())) throw new IllegalArgumentException("costUsd < 0: " + costUsd);
    }

    public Usage(int promptTokens, int completionTokens) {
        this(promptTokens, completionTokens, 0, 0, 0, null);
    }

    /** Priced usage without cache writes. */
    public Usage(int promptTokens, int completionTokens, int cachedInputTokens, int reasoningTokens, Double costUsd) {
        this(promptTokens, completionTokens, cachedInputTokens, reasoningTokens, 0, costUsd);
    }

    /** Usage as a provider reported it, not priced. */
    public Usage(int promptTokens, int completionTokens, int cachedInputTokens, int reasoningTokens, int cacheWriteTokens) {
        this(promptTokens, completionTokens, cachedInputTokens, reasoningTokens, cacheWriteTokens, null);
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }

    /** True when a provider reported more than input and output. */
    public boolean detailed() {
        return cachedInputTokens > 0 || reasoningTokens > 0 || cacheWriteTokens > 0;
    }
}
