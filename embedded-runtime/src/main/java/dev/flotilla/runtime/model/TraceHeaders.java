package dev.flotilla.runtime.model;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The W3C trace context headers ({@code traceparent}, {@code tracestate}) of the model call under
 * way on this thread, for a provider to add to its HTTP request: the tracing module makes the call's
 * span current while the provider runs. Empty when nothing is traced.
 */
public final class TraceHeaders {
    private TraceHeaders() {}

    public static Map<String, String> current() {
        Map<String, String> out = new LinkedHashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), out, (m, k, v) -> m.put(k, v));
        return out;
    }
}
