package dev.flotilla.runtime.agent;

import dev.flotilla.runtime.kernel.ToolCall;
import dev.flotilla.runtime.kernel.ToolCallInterceptor;
import dev.flotilla.runtime.kernel.ToolResult;
import dev.flotilla.runtime.tool.Tool;
import dev.flotilla.runtime.tool.ToolRegistry;

/**
 * The terminal of the tool-call chain for one agent: deny by default (the model may ask for
 * anything; only the tools the agent's definition lists run), then the tool itself. A tool that
 * throws is a bug the runtime fails on: the exception goes up and the run's delivery fails (the
 * run goes back in line, and to the dead letters if it keeps failing).
 */
record AgentTools(AgentDefinition agent, ToolRegistry registry) implements ToolCallInterceptor {

    @Override
    public ToolResult intercept(Chain chain) {
        ToolCall call = chain.call();
        if (!agent.tools().contains(call.tool())) return ToolResult.refused("tool " + call.tool() + " is not permitted for " + agent.name());
        Tool tool = registry.find(call.tool()).orElse(null);
        if (tool == null) return ToolResult.refused("no tool named " + call.tool());
        return ToolResult.ok(tool.call(call.arguments(), new Tool.ToolContext(call.runId(), call.agent(), call.run().input(), call.principal())));
    }
}
