package dev.flotilla.runtime.resilience;

import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelRef;

/**
 * A model's answer and how it was reached: {@code model} answered; {@code fallbackReason} is null
 * when it was the primary, else why the chain moved on (e.g. {@code breaker_open},
 * {@code model_server_error after 3 attempts}); {@code calls} counts the model calls made, retries
 * and fallbacks included (calls refused by an open breaker are not calls).
 */
public record ModelAnswer(ChatResponse response, ModelRef model, String fallbackReason, int calls) {}
