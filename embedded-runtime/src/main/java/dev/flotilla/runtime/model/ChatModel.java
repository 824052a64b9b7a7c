package dev.flotilla.runtime.model;

/**
 * The chat-model SPI. Implementations block the calling (virtual) thread for the duration of a
 * call, honour interruption (a cancelled run interrupts its thread), and report failures as typed
 * {@link ModelException}s; they never retry on their own: retry policy wraps them.
 */
public interface ChatModel {

    /** Short name shown to operators, e.g. {@code simulated}. */
    String name();

    /** True for the simulated model, so every view can label its output as simulated. */
    default boolean simulated() { return false; }

    ChatResponse chat(ChatRequest request) throws ModelException, InterruptedException;
}
