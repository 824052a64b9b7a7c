package dev.flotilla.runtime.agent;

import dev.flotilla.runtime.kernel.ToolCall;
import dev.flotilla.runtime.kernel.ToolCallInterceptor;
import dev.flotilla.runtime.kernel.ToolResult;
import dev.flotilla.runtime.tool.Tool;
import dev.flotilla.runtime.tool.ToolRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The terminal of the tool-call chain for one agent: deny by default (the model may ask for
 * anything; only the tools the agent's definition lists run), then the tool itself. A tool that
 * throws is a failed call the model hears about, not a failure of the run.
 */
record AgentTools(AgentDefinition agent, ToolRegistry registry) implements ToolCallInterceptor {

    private static final Logger log = LoggerFactory.getLogger(AgentTools.class);

    @Override
    public ToolResult intercept(Chain chain) {
        ToolCall call = chain.call();
        if (!agent.tools().contains(call.tool())) return ToolResult.refused("tool " + call.tool() + " is not permitted for " + agent.name());
        Tool tool = registry.find(call.tool()).orElse(null);
        if (tool == null) return ToolResult.refused("no tool named " + call.tool());
        try {
            return ToolResult.ok(tool.call(call.arguments(),
                    new Tool.ToolContext(call.runId(), call.agent(), call.run().input(), call.principal())));
        } catch (RuntimeException e) {
            log.warn("tool {} failed on run {}: {}", call.tool(), call.runId(), e.toString());
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return ToolResult.error("tool " + call.tool() + " failed: " + (message.length() > 300 ? message.substring(0, 300) + "…" : message));
        }
    }
}
