package dev.flotilla.runtime.model;

import java.time.Duration;

/**
 * How the simulated model behaves: a log-normal latency around {@code medianLatency}, an error
 * rate split evenly among the five retryable faults (429 with Retry-After, 500, timeout, connection
 * reset, malformed reply), and how often it asks for a tool.
 */
public record SimulatedModelConfig(Duration medianLatency, double latencySpread, double errorRate,
                                   double toolCallRate, Duration timeout, Duration retryAfter) {

    public SimulatedModelConfig {
        if (medianLatency.isNegative()) throw new IllegalArgumentException("medianLatency < 0: " + medianLatency);
        if (latencySpread < 0 || latencySpread > 3) throw new IllegalArgumentException("latencySpread not in [0,3]: " + latencySpread);
        if (errorRate < 0 || errorRate > 1) throw new IllegalArgumentException("errorRate not in [0,1]: " + errorRate);
        if (toolCallRate < 0 || toolCallRate > 1) throw new IllegalArgumentException("toolCallRate not in [0,1]: " + toolCallRate);
    }

    public static SimulatedModelConfig defaults() {
        return new SimulatedModelConfig(Duration.ofMillis(400), 0.5, 0.02, 0.2, Duration.ofSeconds(5), Duration.ofMillis(200));
    }

    /**
     * The defaults, changed by {@code FLOTILLA_SIM_LATENCY_MS}, {@code FLOTILLA_SIM_LATENCY_SPREAD}
     * and {@code FLOTILLA_SIM_ERROR_RATE} where set (the console's local fleet reads them this way;
     * the headless node through its flags).
     */
    public static SimulatedModelConfig fromEnvironment(java.util.Map<String, String> env) {
        SimulatedModelConfig c = defaults();
        String latency = env.get("FLOTILLA_SIM_LATENCY_MS");
        if (latency != null && !latency.isBlank()) c = c.withMedianLatency(Duration.ofMillis(number("FLOTILLA_SIM_LATENCY_MS", latency).longValue()));
        String spread = env.get("FLOTILLA_SIM_LATENCY_SPREAD");
        if (spread != null && !spread.isBlank()) c = c.withLatencySpread(number("FLOTILLA_SIM_LATENCY_SPREAD", spread).doubleValue());
        String errors = env.get("FLOTILLA_SIM_ERROR_RATE");
        if (errors != null && !errors.isBlank()) c = c.withErrorRate(number("FLOTILLA_SIM_ERROR_RATE", errors).doubleValue());
        return c;
    }

    private static Number number(String name, String value) {
        try {
            return Double.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + value);
        }
    }

    public SimulatedModelConfig withMedianLatency(Duration latency) {
        return new SimulatedModelConfig(latency, latencySpread, errorRate, toolCallRate, timeout, retryAfter);
    }

    public SimulatedModelConfig withErrorRate(double rate) {
        return new SimulatedModelConfig(medianLatency, latencySpread, rate, toolCallRate, timeout, retryAfter);
    }

    public SimulatedModelConfig withToolCallRate(double rate) {
        return new SimulatedModelConfig(medianLatency, latencySpread, errorRate, rate, timeout, retryAfter);
    }

    public SimulatedModelConfig withLatencySpread(double spread) {
        return new SimulatedModelConfig(medianLatency, spread, errorRate, toolCallRate, timeout, retryAfter);
    }

    public SimulatedModelConfig withRetryAfter(Duration d) {
        return new SimulatedModelConfig(medianLatency, latencySpread, errorRate, toolCallRate, timeout, d);
    }

    public SimulatedModelConfig withTimeout(Duration t) {
        return new SimulatedModelConfig(medianLatency, latencySpread, errorRate, toolCallRate, t, retryAfter);
    }
}
