package dev.flotilla.runtime.run;

/** The tokens a run's model calls used, all attempts together. */
public record Usage(int promptTokens, int completionTokens) {
    public Usage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts must not be negative: " + promptTokens + ", " + completionTokens);
        }
    }

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
