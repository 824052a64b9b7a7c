package dev.flotilla.runtime.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.Collection;

/** The OTLP exporter, counting the spans it sent and those it could not (a collector down or refusing). */
final class CountingExporter implements SpanExporter {

    private final SpanExporter exporter;
    private final Counter spans;

    /** {@code spans}: labelled {@code exported} or {@code dropped}. */
    CountingExporter(SpanExporter exporter, Counter spans) {
        this.exporter = exporter;
        this.spans = spans;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
        int n = batch.size();
        CompletableResultCode result;
        try {
            result = exporter.export(batch);
        } catch (RuntimeException e) {
            spans.labelValues("dropped").inc(n);
            return CompletableResultCode.ofFailure();
        }
        result.whenComplete(() -> spans.labelValues(result.isSuccess() ? "exported" : "dropped").inc(n));
        return result;
    }

    @Override
    public CompletableResultCode flush() {
        return exporter.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return exporter.shutdown();
    }

    @Override
    public String toString() {
        return "CountingExporter{" + exporter + "}";
    }
}
