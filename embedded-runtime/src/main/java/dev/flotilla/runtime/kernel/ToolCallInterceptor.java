package dev.flotilla.runtime.kernel;

/**
 * Policy around one tool call of a run, in the shape of okhttp's interceptors: look at
 * {@link Chain#call()}, then either answer without proceeding (a refusal: return
 * {@link ToolResult#refused}) or call {@link Chain#proceed} once. The chain ends in the node's
 * terminal, which keeps the agent's own rule (only the tools its definition lists run: deny by
 * default) and calls the tool. Every call, refused ones included, is a {@code tool} step of the
 * run's timeline, written by the agent loop around the whole chain.
 *
 * <p>Registered by modules ({@link ModuleContext#interceptToolCalls}) in a {@link Stage}. One
 * instance serves every call of the node, concurrently.
 *
 * <p>Example, tool permissions per tool role:
 * <pre>{@code
 * public ToolResult intercept(Chain chain) throws InterruptedException {
 *     ToolCall call = chain.call();
 *     if (!policy.allows(call.principal().toolRole(), call.tool())) {
 *         events.accept(new ToolRefused(...));   // audited by a listener
 *         return ToolResult.refused("tool role " + call.principal().toolRole() + " may not call " + call.tool());
 *     }
 *     return chain.proceed(call);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ToolCallInterceptor {

    /** @throws InterruptedException when the run was stopped */
    ToolResult intercept(Chain chain) throws InterruptedException;

    /** The rest of the chain, as one interceptor sees it. */
    interface Chain {
        ToolCall call();

        ToolResult proceed(ToolCall call) throws InterruptedException;
    }

    /** Where an interceptor sits, outermost first. */
    enum Stage {
        /** Sees every call and its result, refusals included: tracing. */
        OBSERVE,
        /** Decides whether the call may be made: tool permissions per role, argument constraints. */
        PERMIT
    }
}
