package dev.flotilla.runtime.money.price;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * What one model costs from {@code effectiveFrom} on, in USD per million tokens of each kind, and
 * the most output tokens one of its calls may produce ({@code maxOutputTokens}: what a budget
 * reserves before the call). Cached input is a part of input, reasoning a part of output.
 */
public record ModelPrice(String model,
                         @JsonProperty("effective_from") Instant effectiveFrom,
                         @JsonProperty("input_per_mtok") double inputPerMTok,
                         @JsonProperty("cached_input_per_mtok") double cachedInputPerMTok,
                         @JsonProperty("output_per_mtok") double outputPerMTok,
                         @JsonProperty("reasoning_per_mtok") double reasoningPerMTok,
                         @JsonProperty("max_output_tokens") int maxOutputTokens) {

    private static final double MILLION = 1_000_000.0;

    public ModelPrice {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(effectiveFrom, "effective_from");
        requirePrice("input_per_mtok", inputPerMTok);
        requirePrice("cached_input_per_mtok", cachedInputPerMTok);
        requirePrice("output_per_mtok", outputPerMTok);
        requirePrice("reasoning_per_mtok", reasoningPerMTok);
        if (maxOutputTokens < 1 || maxOutputTokens > 10_000_000) {
            throw new IllegalArgumentException("max_output_tokens must be 1..10000000: " + maxOutputTokens);
        }
    }

    private static void requirePrice(String field, double usd) {
        if (!Double.isFinite(usd) || usd < 0 || usd > 100_000) {
            throw new IllegalArgumentException(field + " must be a number of USD per million tokens, 0..100000: " + usd);
        }
    }

    /** The cost of one call's tokens (cached ⊆ input, reasoning ⊆ output; parts larger than the whole are capped). */
    public double cost(int input, int cachedInput, int output, int reasoning) {
        int cached = Math.min(cachedInput, input);
        int thinking = Math.min(reasoning, output);
        return ((input - cached) * inputPerMTok + cached * cachedInputPerMTok
                + (output - thinking) * outputPerMTok + thinking * reasoningPerMTok) / MILLION;
    }

    /** The most a call with {@code inputTokens} of prompt may cost: all input uncached, all output at the dearer output rate. */
    public double maxCost(int inputTokens) {
        return (inputTokens * Math.max(inputPerMTok, cachedInputPerMTok)
                + (double) maxOutputTokens * Math.max(outputPerMTok, reasoningPerMTok)) / MILLION;
    }
}
