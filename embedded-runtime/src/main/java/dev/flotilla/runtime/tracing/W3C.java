package dev.flotilla.runtime.tracing;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;

/** W3C trace context in and out of plain header maps (lower-case names). */
final class W3C {
    private W3C() {}

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override public Iterable<String> keys(Map<String, String> carrier) { return carrier.keySet(); }

        @Override public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key.toLowerCase(java.util.Locale.ROOT));
        }
    };

    /** The context {@code headers} carry ({@code traceparent}, {@code tracestate}), or the root when none or invalid. */
    static Context extract(Map<String, String> headers) {
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), headers, GETTER);
    }

    /** The {@code traceparent} (and {@code tracestate}) headers of {@code context}. */
    static Map<String, String> inject(Context context) {
        Map<String, String> out = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(context, out, (m, k, v) -> m.put(k, v));
        return out;
    }
}
