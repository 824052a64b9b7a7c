package dev.flotilla.runtime.tool;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The tools a node knows by name. Which agent may call which is the agent definition's business. */
public final class ToolRegistry {

    private final Map<String, Tool> tools = new LinkedHashMap<>();

    public ToolRegistry register(Tool tool) {
        if (tools.putIfAbsent(tool.name(), tool) != null) {
            throw new IllegalArgumentException("tool registered twice: " + tool.name());
        }
        return this;
    }

    /** Every tool, in the order registered. */
    public java.util.List<Tool> all() {
        return java.util.List.copyOf(tools.values());
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    public static ToolRegistry builtIn(Clock clock) {
        return new ToolRegistry()
                .register(new SimpleTool("clock", "The current UTC time.", (args, ctx) -> clock.instant().toString()))
                .register(new SimpleTool("word_count", "Counts the words of the user's message.",
                        (args, ctx) -> ctx.input().isBlank() ? "0 words" : ctx.input().trim().split("\\s+").length + " words"));
    }

    private record SimpleTool(String name, String description, java.util.function.BiFunction<String, ToolContext, String> body)
            implements Tool {
        @Override
        public String call(String argumentsJson, ToolContext context) {
            return body.apply(argumentsJson, context);
        }
    }
}
