package dev.flotilla.runtime.tracing;

import dev.flotilla.runtime.kernel.RunCall;
import dev.flotilla.runtime.kernel.RunFailedException;
import dev.flotilla.runtime.kernel.RunFields;
import dev.flotilla.runtime.kernel.RunInterceptor;
import dev.flotilla.runtime.kernel.RunResult;
import dev.flotilla.runtime.kernel.RunScope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The span of a run on the node running it ({@code invoke_agent <agent>}), a child of its
 * submission's span (stored on the run, so a run taken over by another node stays in its trace),
 * from its acceptance to its end, with its wait in the queue as the first child. The calls of the
 * run see its {@link RunTrace} as their timeline. When the run ends its spans go to the run's
 * span store in the write that stores its outcome: no Redis round trip of their own.
 */
final class RunTracing implements RunInterceptor {

    /** The run's spans as the store keeps them ({@link StoredTrace} JSON); large: left out of lists and claims. */
    static final String SPANS = "xl_trace_spans";

    private static final Logger log = LoggerFactory.getLogger(RunTracing.class);

    private final Tracer tracer;
    private final String nodeId;
    private final TracingConfig config;
    private final Map<String, RunTrace> running = new ConcurrentHashMap<>();

    RunTracing(Tracer tracer, String nodeId, TracingConfig config) {
        this.tracer = tracer;
        this.nodeId = nodeId;
        this.config = config;
    }

    /** The trace of a run running on this node now, if it is. */
    RunTrace running(String runId) {
        return running.get(runId);
    }

    @Override
    public RunResult intercept(Chain chain) throws RunFailedException, InterruptedException {
        RunCall call = chain.call();
        RunScope scope = call.run();
        RunFields fields = scope.fields();
        String parentHeader = fields.get(AdmissionTracing.PARENT);
        Context parent = parentHeader == null ? Context.root() : W3C.extract(Map.of("traceparent", parentHeader));
        long now = Clock.getDefault().now();
        long since = since(fields.get(AdmissionTracing.SINCE), now);
        SpanBuilder b = tracer.spanBuilder("invoke_agent " + scope.agent()).setParent(parent).setSpanKind(SpanKind.INTERNAL)
                .setAttribute("gen_ai.operation.name", "invoke_agent").setAttribute("gen_ai.agent.name", scope.agent())
                .setAttribute("flotilla.run_id", scope.runId()).setAttribute("flotilla.node_id", nodeId)
                .setAttribute("flotilla.key_name", scope.principal().keyName());
        if (since > 0) b.setStartTimestamp(since, TimeUnit.NANOSECONDS);
        Span runSpan = b.startSpan();
        Context runContext = parent.with(runSpan);
        RunTrace trace = new RunTrace(tracer, scope.timeline(), runSpan, runContext);
        if (since > 0) {
            trace.ended(tracer.spanBuilder("queue_wait").setParent(runContext).setSpanKind(SpanKind.INTERNAL)
                    .setStartTimestamp(since, TimeUnit.NANOSECONDS).setAttribute("flotilla.run_id", scope.runId()).startSpan(), now);
        }
        // a run that came without a submission span (the runtime's own) records the trace it started
        if (fields.get(AdmissionTracing.TRACE_ID) == null) fields.put(AdmissionTracing.TRACE_ID, trace.traceId());
        running.put(scope.runId(), trace);
        // log lines of the run carry it (the node's JSON logs show the MDC)
        MDC.put("run_id", scope.runId());
        MDC.put("trace_id", trace.traceId());
        MDC.put("span_id", runSpan.getSpanContext().getSpanId());
        try (Scope ignored = runContext.makeCurrent()) {
            RunResult result = chain.proceed(new RunCall(scope.withTimeline(trace), call.history()));
            runSpan.setAttribute("gen_ai.usage.input_tokens", result.promptTokens());
            runSpan.setAttribute("gen_ai.usage.output_tokens", result.completionTokens());
            runSpan.setAttribute("flotilla.attempts", result.attempts());
            if (result.model() != null) runSpan.setAttribute("flotilla.model", result.model());
            if (result.fallbackReason() != null) runSpan.setAttribute("flotilla.fallback_reason", result.fallbackReason());
            runSpan.setStatus(StatusCode.OK);
            log.debug("run {} answered by {} after {} attempts", scope.runId(), result.model(), result.attempts());
            return result;
        } catch (RunFailedException e) {
            log.debug("run {} failed: {}", scope.runId(), e.code());
            runSpan.setAttribute("error.type", e.code());
            runSpan.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } catch (InterruptedException e) {
            runSpan.addEvent("stopped");
            throw e;
        } catch (RuntimeException e) {
            runSpan.recordException(e);
            runSpan.setAttribute("error.type", e.getClass().getName());
            runSpan.setStatus(StatusCode.ERROR, "the runtime failed on the run");
            throw e;
        } finally {
            running.remove(scope.runId(), trace);
            MDC.remove("run_id");
            MDC.remove("trace_id");
            MDC.remove("span_id");
            // stored with the outcome (a run stopped or handed back stores none: its next execution will)
            fields.put(SPANS, trace.finish(config.maxSpansPerRun(), config.maxStoredBytes()));
        }
    }

    /** When the run was accepted, if it was recorded and lies before {@code now}; else 0. */
    private static long since(String value, long now) {
        if (value == null) return 0;
        try {
            long v = Long.parseLong(value);
            return v > 0 && v <= now ? v : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
