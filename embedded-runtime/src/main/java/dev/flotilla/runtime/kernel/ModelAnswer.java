package dev.flotilla.runtime.kernel;

import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelRef;
import java.util.Objects;

/**
 * A model's answer and how it was reached: {@code model} answered; {@code fallbackReason} is null
 * when it was the primary, else why the chain moved on (e.g. {@code breaker_open},
 * {@code model_server_error after 3 attempts}); {@code calls} counts the model calls made, retries
 * and fallbacks included (calls refused before they went out are not calls). The terminal of the
 * chain answers with {@link #of} (one call, no fallback); the retry interceptor sums them up.
 */
public record ModelAnswer(ChatResponse response, ModelRef model, String fallbackReason, int calls) {

    public ModelAnswer {
        Objects.requireNonNull(response, "response is null");
        Objects.requireNonNull(model, "model is null");
        if (calls < 0) throw new IllegalArgumentException("calls < 0: " + calls);
    }

    /** One call of {@code model} that answered. */
    public static ModelAnswer of(ChatResponse response, ModelRef model) {
        return new ModelAnswer(response, model, null, 1);
    }
}
