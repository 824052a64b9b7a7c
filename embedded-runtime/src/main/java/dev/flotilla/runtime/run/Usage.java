package dev.flotilla.runtime.run;

/**
 * The tokens a run's model calls used, all attempts together. {@code promptTokens} counts all
 * input, {@code cachedTokens} the part of it read from a prompt cache and {@code cacheWriteTokens}
 * the part written to one; {@code reasoningTokens} the part of {@code completionTokens} spent
 * thinking. Costs differ for each, so they are kept apart.
 */
public record Usage(int promptTokens, int completionTokens, int cachedTokens, int reasoningTokens, int cacheWriteTokens) {
    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || cachedTokens < 0 || reasoningTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + promptTokens + ", " + completionTokens
                    + ", " + cachedTokens + ", " + reasoningTokens + ", " + cacheWriteTokens);
        }
    }

    public Usage(int promptTokens, int completionTokens) {
        this(promptTokens, completionTokens, 0, 0, 0);
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }

    /** True when a provider reported more than input and output. */
    public boolean detailed() {
        return cachedTokens > 0 || reasoningTokens > 0 || cacheWriteTokens > 0;
    }
}
