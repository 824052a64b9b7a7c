package dev.flotilla.runtime.telemetry;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.DoubleSupplier;

/**
 * The node's Prometheus metrics. Counters and the latency histogram observe this node's own run
 * events; the gauges read the pool and the queue when scraped.
 */
public final class Metrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram latency;
    private final Counter tokens;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public Metrics(DoubleSupplier busyAgents, DoubleSupplier poolSize, DoubleSupplier queueDepth) {
        requests = Counter.builder().name("agent_requests_total")
                .help("Runs finished by this node, by final status and agent.")
                .labelNames("status", "agent").register(registry);
        latency = Histogram.builder().name("agent_latency_seconds")
                .help("Time from a run's start on an agent to its end.")
                .labelNames("agent")
                .classicOnly()
                .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
                .register(registry);
        tokens = Counter.builder().name("agent_tokens_total")
                .help("Model tokens used by runs on this node.")
                .labelNames("agent").register(registry);
        GaugeWithCallback.builder().name("active_agents")
                .help("Agents of this node busy with a run.")
                .callback(cb -> cb.call(busyAgents.getAsDouble())).register(registry);
        GaugeWithCallback.builder().name("agent_pool_size")
                .help("Agents in this node's pools.")
                .callback(cb -> cb.call(poolSize.getAsDouble())).register(registry);
        GaugeWithCallback.builder().name("queue_depth")
                .help("Runs of the fleet waiting for an agent.")
                .callback(cb -> cb.call(queueDepth.getAsDouble())).register(registry);
    }

    /** Records a finished run; called from the node's own run events only. */
    public void onEvent(RuntimeEvent event) {
        if (!(event instanceof RuntimeEvent.RunEvent run)) return;
        switch (run.type()) {
            case "run.succeeded", "run.failed", "run.cancelled" -> {
                requests.labelValues(run.status(), run.agent()).inc();
                if (run.durationMs() != null) latency.labelValues(run.agent()).observe(run.durationMs() / 1000.0);
                if (run.totalTokens() != null) tokens.labelValues(run.agent()).inc(run.totalTokens());
            }
            default -> { }
        }
    }

    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    public String scrape() {
        var out = new ByteArrayOutputStream();
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
