package dev.flotilla.runtime.tracing;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's OpenTelemetry SDK, configured by the SDK's own autoconfiguration from the standard
 * {@code OTEL_*} variables (and {@code otel.*} properties given to the node). Spans are exported
 * over OTLP (http/protobuf, batched off the run's thread) only when an exporter or an endpoint is
 * set; otherwise nothing leaves the node. Metrics and logs are not exported from here.
 */
final class OtelSdk implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OtelSdk.class);
    /** Any of these set means "export spans"; none set means no exporter (the SDK would otherwise try localhost:4318). */
    private static final List<String> EXPORT_ASKED = List.of("otel.traces.exporter", "otel.exporter.otlp.endpoint",
            "otel.exporter.otlp.traces.endpoint");

    private final OpenTelemetrySdk sdk;
    private final boolean exporting;

    OtelSdk(Map<String, String> overrides, String nodeId, Counter exportedSpans) {
        boolean[] exports = new boolean[1];
        sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .disableShutdownHook() // the node closes it, after its runs ended
                .addPropertiesSupplier(() -> Map.of(
                        "otel.service.name", "flotilla-node",
                        "otel.exporter.otlp.protocol", "http/protobuf",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
                .addPropertiesCustomizer(config -> {
                    Map<String, String> out = new HashMap<>(overrides);
                    exports[0] = EXPORT_ASKED.stream().anyMatch(k -> set(config, overrides, k))
                            && !"none".equals(value(config, overrides, "otel.traces.exporter"));
                    // OTEL_SDK_DISABLED means "send nothing": the run's own span store still records
                    boolean disabled = "true".equalsIgnoreCase(value(config, overrides, "otel.sdk.disabled"));
                    if (disabled) {
                        exports[0] = false;
                        out.put("otel.sdk.disabled", "false");
                    }
                    if (!exports[0]) out.put("otel.traces.exporter", "none");
                    if (value(config, overrides, "otel.resource.attributes") == null) {
                        out.put("otel.resource.attributes", "flotilla.node_id=" + nodeId);
                    }
                    return out;
                })
                .addSamplerCustomizer((sampler, config) -> new RecordEverySpan(sampler))
                // with no processor at all (nothing exported) the SDK would hand out empty spans; the run's store needs them
                .addTracerProviderCustomizer((provider, config) -> provider.addSpanProcessor(new KeepSpans()))
                .addSpanExporterCustomizer((exporter, config) -> new CountingExporter(exporter, exportedSpans))
                .build()
                .getOpenTelemetrySdk();
        exporting = exports[0];
        if (exporting) log.info("tracing: exporting spans over OTLP as the OTEL_* settings say");
    }

    /** A processor that does nothing: the run's trace keeps its spans itself ({@link RunTrace}). */
    private static final class KeepSpans implements SpanProcessor {
        @Override public void onStart(Context parent, ReadWriteSpan span) { }

        @Override public boolean isStartRequired() { return false; }

        @Override public void onEnd(ReadableSpan span) { }

        @Override public boolean isEndRequired() { return true; }
    }

    private static String value(ConfigProperties config, Map<String, String> overrides, String key) {
        String v = overrides.get(key);
        return v != null ? v : config.getString(key);
    }

    private static boolean set(ConfigProperties config, Map<String, String> overrides, String key) {
        String v = value(config, overrides, key);
        return v != null && !v.isBlank();
    }

    Tracer tracer() {
        return sdk.getTracer("dev.flotilla.runtime");
    }

    boolean exporting() {
        return exporting;
    }

    /** Sends what is still queued (a few seconds at most), then stops. */
    @Override
    public void close() {
        sdk.getSdkTracerProvider().forceFlush().join(5, TimeUnit.SECONDS);
        sdk.shutdown().join(5, TimeUnit.SECONDS);
    }
}
