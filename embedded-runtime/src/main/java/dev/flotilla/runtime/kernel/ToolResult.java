package dev.flotilla.runtime.kernel;

import java.util.Objects;

/**
 * How a tool call ended: {@code text} is what the model is told; {@code outcome} and
 * {@code detail} (why it failed or was refused; null when it answered) are what the run's
 * timeline shows. A refusal or an error result is not a failure of the run: the model hears about
 * it and carries on. (A tool that throws is another matter: the run's delivery fails.)
 */
public record ToolResult(Outcome outcome, String text, String detail) {

    /** The wire names, {@code ok}, {@code error} and {@code refused}, are {@link #wire()}. */
    public enum Outcome {
        OK, ERROR, REFUSED;

        public String wire() { return name().toLowerCase(); }
    }

    public ToolResult {
        Objects.requireNonNull(outcome, "outcome is null");
        Objects.requireNonNull(text, "text is null");
    }

    /** The tool answered {@code text}. */
    public static ToolResult ok(String text) {
        return new ToolResult(Outcome.OK, text, null);
    }

    /** The call was not made; the model is told {@code refused: reason}. */
    public static ToolResult refused(String reason) {
        return new ToolResult(Outcome.REFUSED, "refused: " + reason, reason);
    }

    /** The tool failed; the model is told {@code error: message}. */
    public static ToolResult error(String message) {
        return new ToolResult(Outcome.ERROR, "error: " + message, message);
    }
}
