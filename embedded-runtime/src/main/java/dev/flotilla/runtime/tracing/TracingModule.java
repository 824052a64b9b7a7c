package dev.flotilla.runtime.tracing;

import dev.flotilla.runtime.kernel.AdmissionInterceptor;
import dev.flotilla.runtime.kernel.FleetModule;
import dev.flotilla.runtime.kernel.ModelCallInterceptor;
import dev.flotilla.runtime.kernel.ModuleContext;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.kernel.RunInterceptor;
import dev.flotilla.runtime.kernel.ToolCallInterceptor;
import io.opentelemetry.api.trace.Tracer;
import io.prometheus.metrics.core.metrics.Counter;

/**
 * See inside every run: OpenTelemetry spans of its submission, its wait in the queue, its agent
 * steps, model calls (GenAI semantic conventions) and tool calls; retries, breaker refusals and
 * fallbacks as span events. Exported over OTLP when the standard {@code OTEL_*} variables ask for
 * it (never on a run's thread: a dead collector costs dropped spans, counted in
 * {@code flotilla_trace_spans_total{outcome="dropped"}}); always kept in the run's own span store
 * in Redis, written with the run's outcome, for {@code GET /v1/runs/{id}/trace} and the console.
 */
public final class TracingModule implements FleetModule {

    private final TracingConfig config;

    public TracingModule(TracingConfig config) {
        this.config = config;
    }

    public static TracingModule of(TracingConfig config) {
        return new TracingModule(config);
    }

    @Override
    public String name() {
        return "tracing";
    }

    @Override
    public void register(ModuleContext ctx) {
        Counter exported = Counter.builder().name("flotilla_trace_spans")
                .help("Spans sent over OTLP (outcome exported) or lost on the way (outcome dropped: the collector down or refusing).")
                .labelNames("outcome").register(ctx.metrics());
        OtelSdk sdk = new OtelSdk(config.otel(), ctx.nodeId(), exported);
        ctx.onClose(sdk);
        if (config.pushgatewayUrl() != null) {
            ctx.onClose(new MetricsPush(config.pushgatewayUrl(), config.pushEvery(), ctx.nodeId(), ctx.metrics()));
        }
        Tracer tracer = sdk.tracer();
        RunTracing runs = new RunTracing(tracer, ctx.nodeId(), config);
        ctx.interceptAdmission(AdmissionInterceptor.Stage.OBSERVE, new AdmissionTracing(tracer));
        ctx.interceptRuns(RunInterceptor.Stage.OBSERVE, runs);
        ctx.interceptModelCalls(ModelCallInterceptor.Stage.STEP, ModelCallTracing.steps());
        ctx.interceptModelCalls(ModelCallInterceptor.Stage.CALL, ModelCallTracing.calls());
        ctx.interceptToolCalls(ToolCallInterceptor.Stage.OBSERVE, new ToolCallTracing());
        TraceRoutes routes = new TraceRoutes(ctx.script("trace_of", "dev/flotilla/runtime/tracing/trace_of.lua"),
                ctx::fleetKey, runs, config.maxSpansPerRun());
        ctx.routes().get("/v1/runs/{id}/trace", OperatorRole.VIEWER, routes::trace);
    }
}
