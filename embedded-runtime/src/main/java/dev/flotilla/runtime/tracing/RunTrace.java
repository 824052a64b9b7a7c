package dev.flotilla.runtime.tracing;

import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.Timeline;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The spans of one run executing on this node: the run's span, the step open now, and every span
 * ended so far (for the run's span store). It is also the run's {@link Timeline} as the run's calls
 * see it: every step written (a retry, a wait, a fallback, a breaker refusal) goes on to the run's
 * timeline and becomes an event of the span open at the time, so the model-call and tool-call
 * interceptors find the run's trace in {@code call.run().timeline()}. Thread-safe.
 */
final class RunTrace implements Timeline {

    private final Tracer tracer;
    private final Timeline timeline;
    private final Span run;
    private final Context runContext;
    private final String traceId;
    private final List<SpanData> finished = new ArrayList<>();
    private Span step;
    private Context stepContext;
    private int steps;

    RunTrace(Tracer tracer, Timeline timeline, Span run, Context runContext) {
        this.tracer = tracer;
        this.timeline = timeline;
        this.run = run;
        this.runContext = runContext;
        this.traceId = run.getSpanContext().getTraceId();
    }

    String traceId() { return traceId; }

    Span runSpan() { return run; }

    Tracer tracer() { return tracer; }

    /** A new step of the agent: the one before it ends here (its tool calls are done). */
    synchronized Context beginStep() {
        if (step != null) end(step);
        steps++;
        step = tracer.spanBuilder("step " + steps).setParent(runContext).setSpanKind(SpanKind.INTERNAL)
                .setAttribute("flotilla.step", steps).startSpan();
        stepContext = runContext.with(step);
        return stepContext;
    }

    /** The open step failed: no model answered it. */
    synchronized void failStep(String code, String message) {
        if (step == null) return;
        step.setAttribute("error.type", code);
        step.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, message);
    }

    /** Where a call's span goes: under the step open now, else under the run. */
    synchronized Context current() {
        return stepContext != null ? stepContext : runContext;
    }

    private synchronized Span open() {
        return step != null ? step : run;
    }

    /** Ends {@code span} and keeps it for the store. */
    void end(Span span) {
        span.end();
        if (span instanceof ReadableSpan r) {
            synchronized (this) {
                finished.add(r.toSpanData());
            }
        }
    }

    /** Ends a span built elsewhere with its own times (the wait in the queue). */
    void ended(Span span, long endEpochNanos) {
        span.end(endEpochNanos, TimeUnit.NANOSECONDS);
        if (span instanceof ReadableSpan r) {
            synchronized (this) {
                finished.add(r.toSpanData());
            }
        }
    }

    /**
     * Ends the open step and the run's span, and gives the spans as the store keeps them: at most
     * {@code maxSpans}, cut further to fit {@code maxBytes} of JSON.
     */
    String finish(int maxSpans, int maxBytes) {
        synchronized (this) {
            if (step != null) end(step);
            step = null;
            stepContext = null;
        }
        end(run);
        StoredTrace trace;
        synchronized (this) {
            trace = StoredTrace.of(traceId, finished, maxSpans, run.getSpanContext().getSpanId());
        }
        String json = Json.write(trace);
        while (json.getBytes(StandardCharsets.UTF_8).length > maxBytes && trace.spans().size() > 1) {
            trace = trace.withoutLast(Math.max(1, trace.spans().size() / 10));
            json = Json.write(trace);
        }
        return json;
    }

    /** The spans ended so far, for a trace asked for while the run is still running here. */
    synchronized StoredTrace sofar(int maxSpans) {
        return StoredTrace.of(traceId, finished, maxSpans, run.getSpanContext().getSpanId());
    }

    // the run's timeline, as the calls see it

    @Override
    public void add(Instant at, String kind, String model, String detail, Long durationMs) {
        timeline.add(at, kind, model, detail, durationMs);
        AttributesBuilder a = Attributes.builder();
        if (model != null) a.put("flotilla.model", model);
        if (detail != null) a.put("flotilla.detail", detail);
        if (durationMs != null) a.put("flotilla.duration_ms", durationMs);
        open().addEvent(kind, a.build(), at);
    }

    @Override
    public void tool(Instant at, String tool, String outcome, String detail, long durationMs) {
        timeline.tool(at, tool, outcome, detail, durationMs); // the tool call's own span says it
    }
}
