package dev.flotilla.runtime.tracing;

import java.time.Duration;
import java.util.Map;

/**
 * How a node traces. {@code otel} are OpenTelemetry properties ({@code otel.*} names) on top of
 * the standard {@code OTEL_*} environment the SDK reads itself (tests and embedders set them here);
 * a run keeps at most {@code maxSpansPerRun} spans in its span store, in at most {@code maxStoredBytes}.
 * With a {@code pushgatewayUrl} (null: off) the node's metrics are pushed there every {@code pushEvery}.
 */
public record TracingConfig(Map<String, String> otel, int maxSpansPerRun, int maxStoredBytes, String pushgatewayUrl,
                            Duration pushEvery) {

    public static final int DEFAULT_MAX_SPANS = 2_000;
    public static final int DEFAULT_MAX_BYTES = 512 * 1024;

    public TracingConfig {
        otel = otel == null ? Map.of() : Map.copyOf(otel);
        if (maxSpansPerRun < 1) throw new IllegalArgumentException("maxSpansPerRun < 1: " + maxSpansPerRun);
        if (maxStoredBytes < 1_024) throw new IllegalArgumentException("maxStoredBytes < 1024: " + maxStoredBytes);
        if (pushEvery == null) pushEvery = Duration.ofSeconds(15);
        if (pushgatewayUrl != null && pushgatewayUrl.isBlank()) pushgatewayUrl = null;
    }

    /** Tracing as the environment says: export only when the OTEL_* variables ask for it. */
    public static TracingConfig defaults() {
        return new TracingConfig(Map.of(), DEFAULT_MAX_SPANS, DEFAULT_MAX_BYTES, null, null);
    }

    /** The same, with these OpenTelemetry properties on top of the environment. */
    public TracingConfig withOtel(Map<String, String> properties) {
        return new TracingConfig(properties, maxSpansPerRun, maxStoredBytes, pushgatewayUrl, pushEvery);
    }

    /** The same, pushing metrics to {@code url} (null: not) every {@code every} (null: 15 s). */
    public TracingConfig withPush(String url, Duration every) {
        return new TracingConfig(otel, maxSpansPerRun, maxStoredBytes, url, every);
    }
}
