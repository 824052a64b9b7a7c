package dev.flotilla.runtime.run;

/**
 * The tokens a run's model calls used, all attempts together: {@code cachedInputTokens} of the
 * prompt tokens came from a provider's cache, {@code reasoningTokens} of the completion tokens were
 * reasoning; {@code costUsd} what they cost at the prices of their calls, null where no one priced them.
 */
public record Usage(int promptTokens, int completionTokens, int cachedInputTokens, int reasoningTokens, Double costUsd) {
    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || cachedInputTokens < 0 || reasoningTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + promptTokens + ", " + completionTokens
                    + ", " + cachedInputTokens + ", " + reasoningTokens);
        }
        if (costUsd != null && (costUsd < 0 || costUsd.isNaN())) throw new IllegalArgumentException("costUsd < 0: " + costUsd);
    }

    public Usage(int promptTokens, int completionTokens) {
        this(promptTokens, completionTokens, 0, 0, null);
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
