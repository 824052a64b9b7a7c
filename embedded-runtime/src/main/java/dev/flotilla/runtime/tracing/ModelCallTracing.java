package dev.flotilla.runtime.tracing;

import dev.flotilla.runtime.kernel.ModelAnswer;
import dev.flotilla.runtime.kernel.ModelCall;
import dev.flotilla.runtime.kernel.ModelCallException;
import dev.flotilla.runtime.kernel.ModelCallInterceptor;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelRef;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.List;

/**
 * Spans of a run's model calls, in two places of the chain: {@link #steps()} (stage STEP) opens a
 * span per agent step, whose retries, breaker refusals and fallbacks arrive as its events (through
 * the run's timeline); {@link #calls()} (stage CALL, innermost) makes one GenAI client span per call
 * to a provider ({@code chat <model>}, the GenAI semantic conventions' attributes), current while
 * the provider runs, so a provider sends its {@code traceparent} ({@code model.TraceHeaders}).
 */
final class ModelCallTracing {

    private static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");

    private ModelCallTracing() {}

    static ModelCallInterceptor steps() {
        return chain -> {
            ModelCall call = chain.call();
            if (!(call.run().timeline() instanceof RunTrace trace)) return chain.proceed(call);
            trace.beginStep();
            try {
                return chain.proceed(call);
            } catch (ModelCallException e) {
                trace.failStep(e.code(), e.getMessage());
                throw e;
            }
        };
    }

    static ModelCallInterceptor calls() {
        return chain -> {
            ModelCall call = chain.call();
            if (!(call.run().timeline() instanceof RunTrace trace)) return chain.proceed(call);
            ModelRef model = call.model();
            Span span = trace.tracer().spanBuilder("chat " + model.model()).setParent(trace.current()).setSpanKind(SpanKind.CLIENT)
                    .setAttribute("gen_ai.operation.name", "chat").setAttribute("gen_ai.provider.name", model.provider())
                    .setAttribute("gen_ai.request.model", model.model()).startSpan();
            try (Scope ignored = span.makeCurrent()) {
                ModelAnswer answer = chain.proceed(call);
                ChatResponse r = answer.response();
                span.setAttribute("gen_ai.response.model", answer.model().model());
                span.setAttribute("gen_ai.usage.input_tokens", r.promptTokens());
                span.setAttribute("gen_ai.usage.output_tokens", r.completionTokens());
                span.setAttribute(FINISH_REASONS, List.of(r.wantsTools() ? "tool_calls" : "stop"));
                return answer;
            } catch (ModelCallException e) {
                span.setAttribute("error.type", e.code());
                span.setStatus(StatusCode.ERROR, e.getMessage());
                throw e;
            } catch (InterruptedException e) {
                span.setAttribute("error.type", "stopped");
                span.setStatus(StatusCode.ERROR, "stopped");
                throw e;
            } catch (RuntimeException e) {
                span.recordException(e);
                span.setAttribute("error.type", e.getClass().getName());
                span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
                throw e;
            } finally {
                trace.end(span);
            }
        };
    }
}
