package dev.flotilla.runtime.tracing;

import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push mode for metrics: the node's registry goes to a Prometheus Pushgateway every interval and
 * once more when the node closes, grouped by job {@code flotilla} and the node's id as
 * {@code instance}, with Prometheus's own client (today's form of {@code simpleclient_pushgateway}).
 * A Pushgateway that is away costs a warning, never a run.
 */
final class MetricsPush implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsPush.class);
    static final String JOB = "flotilla";

    private final PushGateway gateway;
    private final ScheduledExecutorService timer;
    private final String where;
    private volatile boolean failing;

    MetricsPush(String url, Duration every, String nodeId, PrometheusRegistry registry) {
        URI u = URI.create(url);
        if (u.getHost() == null || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
            throw new IllegalArgumentException("--pushgateway-url (FLOTILLA_PUSHGATEWAY_URL) is http(s)://host[:port]: '" + url + "'");
        }
        if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("push interval must be positive: " + every);
        int port = u.getPort() > 0 ? u.getPort() : ("https".equals(u.getScheme()) ? 443 : 80);
        where = u.getScheme() + "://" + u.getHost() + ":" + port;
        gateway = PushGateway.builder().scheme("https".equals(u.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
                .address(u.getHost() + ":" + port).job(JOB).groupingKey("instance", nodeId).registry(registry)
                .connectionTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5)).build();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pushgateway");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::push, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        log.info("pushing metrics to the Pushgateway at {} every {} s (job {}, instance {})", where, every.toSeconds(), JOB, nodeId);
    }

    /** Pushes now; says so once when the Pushgateway goes away and once when it is back. */
    void push() {
        try {
            gateway.push();
            if (failing) log.info("metrics reach the Pushgateway at {} again", where);
            failing = false;
        } catch (Exception e) {
            if (!failing) log.warn("could not push metrics to the Pushgateway at {}: {}", where, e.toString());
            failing = true;
        }
    }

    /** Stops the timer and pushes the last figures. */
    @Override
    public void close() {
        timer.shutdownNow();
        push();
    }
}
