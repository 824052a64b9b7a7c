package dev.flotilla.runtime.tracing;

import dev.flotilla.runtime.kernel.ToolCall;
import dev.flotilla.runtime.kernel.ToolCallInterceptor;
import dev.flotilla.runtime.kernel.ToolResult;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;

/**
 * A span per tool call ({@code execute_tool <tool>}, stage OBSERVE: refusals included), with the
 * permission decision ({@code flotilla.tool.decision}: allowed or refused) and the outcome.
 */
final class ToolCallTracing implements ToolCallInterceptor {

    @Override
    public ToolResult intercept(Chain chain) throws InterruptedException {
        ToolCall call = chain.call();
        if (!(call.run().timeline() instanceof RunTrace trace)) return chain.proceed(call);
        Span span = trace.tracer().spanBuilder("execute_tool " + call.tool()).setParent(trace.current()).setSpanKind(SpanKind.INTERNAL)
                .setAttribute("gen_ai.operation.name", "execute_tool").setAttribute("gen_ai.tool.name", call.tool()).startSpan();
        try {
            ToolResult result = chain.proceed(call);
            span.setAttribute("flotilla.tool.decision", result.outcome() == ToolResult.Outcome.REFUSED ? "refused" : "allowed");
            span.setAttribute("flotilla.tool.outcome", result.outcome().wire());
            if (result.detail() != null) span.setAttribute("flotilla.tool.detail", result.detail());
            if (result.outcome() == ToolResult.Outcome.ERROR) span.setStatus(StatusCode.ERROR, String.valueOf(result.detail()));
            return result;
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setAttribute("error.type", e.getClass().getName());
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            trace.end(span);
        }
    }
}
