package dev.flotilla.runtime.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtelSdkTest {

    @Test
    void withNoCollectorConfiguredSpansAreStillRecorded() {
        Counter c = Counter.builder().name("t").labelNames("outcome").build();
        try (OtelSdk sdk = new OtelSdk(Map.of(), "n1", c)) {
            assertThat(sdk.exporting()).isFalse();
            Span s = sdk.tracer().spanBuilder("x").startSpan();
            assertThat(s.getSpanContext().isValid()).as(s.toString()).isTrue();
            assertThat(s.isRecording()).isTrue();
            s.end();
        }
    }

    @Test
    void otelSdkDisabledStopsTheExportButNotTheRunsSpanStore() {
        Counter c = Counter.builder().name("t").labelNames("outcome").build();
        try (OtelSdk sdk = new OtelSdk(Map.of("otel.sdk.disabled", "true", "otel.exporter.otlp.endpoint", "http://127.0.0.1:9"), "n1", c)) {
            assertThat(sdk.exporting()).isFalse();
            Span s = sdk.tracer().spanBuilder("x").startSpan();
            assertThat(s.isRecording()).isTrue();
            s.end();
        }
    }
}
