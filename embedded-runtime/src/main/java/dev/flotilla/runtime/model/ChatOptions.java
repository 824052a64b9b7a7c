package dev.flotilla.runtime.model;

import java.util.List;
import java.util.Optional;

/**
 * How an agent wants a model called: {@code temperature} and {@code maxOutputTokens} (null: the
 * provider's default), what its tools are ({@code toolSpecs}, so a real provider can describe them;
 * a tool without one is described as taking any object) and, when {@code output} is set, a
 * streamed answer reported as it grows.
 */
public record ChatOptions(Double temperature, Integer maxOutputTokens, List<ToolSpec> toolSpecs, OutputListener output) {

    public static final ChatOptions NONE = new ChatOptions(null, null, List.of(), null);

    public ChatOptions {
        if (temperature != null && (temperature < 0 || temperature > 2)) throw new IllegalArgumentException("temperature not in [0,2]: " + temperature);
        if (maxOutputTokens != null && maxOutputTokens < 1) throw new IllegalArgumentException("maxOutputTokens < 1: " + maxOutputTokens);
        toolSpecs = toolSpecs == null ? List.of() : List.copyOf(toolSpecs);
    }

    /** A tool as a model is told about it: its name, what it does, and its arguments as a JSON Schema text. */
    public record ToolSpec(String name, String description, String inputSchema) {
        public static final String ANY_OBJECT = "{\"type\":\"object\",\"properties\":{}}";

        public ToolSpec {
            if (inputSchema == null || inputSchema.isBlank()) inputSchema = ANY_OBJECT;
            if (description == null) description = "";
        }
    }

    /**
     * Told of each piece of a streamed answer: {@code chunk} goes at {@code offset} of the answer's
     * text in this call (a retried call starts again at 0). Called on the call's thread; must be fast.
     */
    @FunctionalInterface
    public interface OutputListener {
        void onOutput(int offset, String chunk);
    }

    public boolean streaming() { return output != null; }

    public Optional<ToolSpec> spec(String tool) {
        return toolSpecs.stream().filter(s -> s.name().equals(tool)).findFirst();
    }

    public ChatOptions withOutput(OutputListener listener) {
        return new ChatOptions(temperature, maxOutputTokens, toolSpecs, listener);
    }

    public ChatOptions withToolSpecs(List<ToolSpec> specs) {
        return new ChatOptions(temperature, maxOutputTokens, specs, output);
    }
}
