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
    private final Counter retries;
    private final Counter fallbacks;
    private final Counter breakerTransitions;
    private final Counter throttled;
    private final Counter rateLimited;
    private final Counter reclaimed;
    private final Counter deadLettered;
    private final Counter replayed;
    private final Counter nodeStates;
    private final Counter scaled;
    private final Counter authFailures;
    private final Counter guard;
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
        retries = counter("flotilla_model_retries", "Model calls retried after a retryable failure.", "provider", "model");
        fallbacks = counter("flotilla_model_fallbacks", "Runs that went on with the next model of their agent's chain.", "agent", "from", "to");
        breakerTransitions = counter("flotilla_breaker_transitions", "Circuit breaker state changes, by the state entered.", "provider", "model", "to");
        throttled = counter("flotilla_provider_throttled", "Model calls that waited for a provider's request or token budget.", "provider", "model", "limit");
        rateLimited = counter("flotilla_ratelimit_rejections", "Requests refused by the gateway over a rate limit.", "scope");
        reclaimed = counter("flotilla_runs_reclaimed", "Runs taken over from a node whose lease expired.", "agent");
        deadLettered = counter("flotilla_dead_letters", "Runs moved to the dead letters after too many deliveries.", "agent");
        replayed = counter("flotilla_dead_letter_replays", "Dead-lettered runs put back in line by an operator.", "agent");
        nodeStates = counter("flotilla_node_state_changes", "Node state changes (active, paused, draining).", "state");
        scaled = counter("flotilla_pool_scale_events", "Pool size changes, manual or by the autoscaler.", "agent", "reason");
        authFailures = counter("flotilla_auth_failures", "Requests refused for their API key (missing, unknown, expired, revoked) or throttled after too many.", "reason");
        guard = counter("flotilla_guard_actions", "Texts the guard flagged or blocked as prompt injections, and outputs it redacted.",
                "agent", "source", "action");
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

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    /** The registry {@link #scrape} writes, where the node's modules register their own metrics. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Counts this node's own events: finished runs, and every typed resilience and fleet event. */
    public void onEvent(RuntimeEvent event) {
        switch (event) {
            case RuntimeEvent.RunEvent run -> {
                switch (run.type()) {
                    case "run.succeeded", "run.failed", "run.cancelled" -> {
                        requests.labelValues(run.status(), run.agent()).inc();
                        if (run.durationMs() != null) latency.labelValues(run.agent()).observe(run.durationMs() / 1000.0);
                        if (run.totalTokens() != null) tokens.labelValues(run.agent()).inc(run.totalTokens());
                    }
                    default -> { }
                }
            }
            case RuntimeEvent.ModelRetried e -> retries.labelValues(e.provider(), e.model()).inc();
            case RuntimeEvent.FallbackTaken e -> fallbacks.labelValues(e.agent(), e.from(), e.to()).inc();
            case RuntimeEvent.BreakerChanged e -> breakerTransitions.labelValues(e.provider(), e.model(), e.to()).inc();
            case RuntimeEvent.ProviderThrottled e -> throttled.labelValues(e.provider(), e.model(), e.limit()).inc();
            case RuntimeEvent.RateLimited e -> rateLimited.labelValues(e.scope()).inc();
            case RuntimeEvent.RunReclaimed e -> reclaimed.labelValues(e.agent()).inc();
            case RuntimeEvent.DeadLettered e -> deadLettered.labelValues(e.agent()).inc();
            case RuntimeEvent.DeadLetterReplayed e -> replayed.labelValues(e.agent()).inc();
            case RuntimeEvent.NodeStateChanged e -> nodeStates.labelValues(e.state()).inc();
            case RuntimeEvent.PoolScaled e -> scaled.labelValues(e.agent(), e.reason() == null ? "manual" : e.reason()).inc();
            case RuntimeEvent.GuardAction e -> guard.labelValues(e.agent(), e.source(), e.type().substring("guard.".length())).inc();
            case RuntimeEvent.DemoChanged e -> { }
            case RuntimeEvent.BudgetThreshold e -> { } // the money module counts its own
            case RuntimeEvent.RunDelta e -> { }
        }
    }

    /** Counts one failed authentication at the gateway ({@code reason}: missing, unknown, expired, revoked, throttled). */
    public void authFailed(String reason) {
        authFailures.labelValues(reason).inc();
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
