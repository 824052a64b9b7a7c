package dev.flotilla.runtime.tracing;

import dev.flotilla.runtime.kernel.AdmissionInterceptor;
import dev.flotilla.runtime.kernel.Admitted;
import dev.flotilla.runtime.kernel.RunRefusedException;
import dev.flotilla.runtime.kernel.Submission;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import java.util.Map;

/**
 * The span of a run's submission ({@code POST /v1/runs}): a child of the caller's W3C
 * {@code traceparent} when it sent one, else the first of a new trace. Its context is stored on the
 * run (created in the same write), so whichever node runs the run continues this trace, and it
 * answers the caller in the {@code traceparent} header.
 */
final class AdmissionTracing implements AdmissionInterceptor {

    /** The run's trace id (shown as {@code trace_id} by {@code GET /v1/runs/{id}}). */
    static final String TRACE_ID = "x_trace_id";
    /** The submission span's context, as a {@code traceparent}: the run's span is its child. */
    static final String PARENT = "x_trace_parent";
    /** When the run was accepted (ns since the epoch): its wait in the queue starts there. */
    static final String SINCE = "x_trace_since";

    private final Tracer tracer;

    AdmissionTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Admitted intercept(Chain chain) throws RunRefusedException {
        Submission s = chain.call();
        Context parent = W3C.extract(s.headers());
        long now = Clock.getDefault().now();
        Span span = tracer.spanBuilder("POST /v1/runs").setParent(parent).setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(now, java.util.concurrent.TimeUnit.NANOSECONDS)
                .setAttribute("http.request.method", "POST").setAttribute("http.route", "/v1/runs")
                .setAttribute("gen_ai.agent.name", s.agent()).setAttribute("flotilla.key_name", s.principal().keyName())
                .startSpan();
        Map<String, String> traceparent = W3C.inject(parent.with(span));
        boolean traced = span.getSpanContext().isValid() && traceparent.get("traceparent") != null;
        if (traced) {
            s.fields().put(TRACE_ID, span.getSpanContext().getTraceId());
            s.fields().put(PARENT, traceparent.get("traceparent"));
            s.fields().put(SINCE, Long.toString(now));
        }
        try {
            Admitted admitted = chain.proceed(s);
            span.setAttribute("flotilla.run_id", admitted.runId());
            span.setAttribute("http.response.status_code", admitted.created() ? 202 : 200);
            return traced ? admitted.withHeaders(Map.of("traceparent", traceparent.get("traceparent"))) : admitted;
        } catch (RunRefusedException e) {
            span.setAttribute("http.response.status_code", e.status());
            span.setAttribute("error.type", e.code());
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.toString());
            span.setAttribute("error.type", e.getClass().getName());
            throw e;
        } finally {
            span.end();
        }
    }
}
