package dev.flotilla.runtime.node;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.model.SimulatedModelConfig;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.store.RedisEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The bench's own throwaway Redis, which outlives the phases (so redis-benchmark measures the same
 * server), and the in-process nodes of one phase, which share it under a fleet name of their own.
 */
final class BenchFleet implements AutoCloseable {

    static final String KEY = "bench-admin-key-0123456789";

    private final EmbeddedRedis redis = EmbeddedRedis.ephemeral();

    RedisEndpoint endpoint() { return redis.endpoint(); }

    /** The nodes of one phase; closing them leaves the Redis running. */
    static final class Nodes implements AutoCloseable {
        private final List<FleetRuntime> nodes;

        private Nodes(List<FleetRuntime> nodes) { this.nodes = nodes; }

        List<String> baseUrls() { return nodes.stream().map(FleetRuntime::baseUrl).toList(); }

        List<FleetRuntime> list() { return nodes; }

        @Override
        public void close() {
            // idle nodes drain at once; closing them side by side saves the dispatchers' poll time
            try (var closer = Executors.newVirtualThreadPerTaskExecutor()) {
                nodes.forEach(n -> closer.execute(n::close));
            }
        }
    }

    /** Starts {@code count} nodes with {@code poolSize} agents each and a model that always answers after {@code modelMs}. */
    Nodes start(String fleet, int count, int poolSize, long modelMs) {
        SimulatedModelConfig model = SimulatedModelConfig.defaults().withMedianLatency(Duration.ofMillis(modelMs))
                .withLatencySpread(0).withErrorRate(0).withToolCallRate(0);
        RedisEndpoint e = redis.endpoint();
        String url = "redis://" + (e.password() != null ? ":" + e.password() + "@" : "") + e.host() + ":" + e.port();
        List<FleetRuntime> started = new ArrayList<>();
        try {
            for (int i = 1; i <= count; i++) {
                started.add(FleetRuntime.builder().fleet(fleet).nodeId("bench-" + i).adminKey(KEY).redisUrl(url)
                        .poolSize(poolSize).simulatedModel(model)
                        .queueTimeout(Duration.ofMinutes(30)).drainTimeout(Duration.ofSeconds(5))
                        .build().start());
            }
        } catch (RuntimeException ex) {
            new Nodes(started).close();
            throw ex;
        }
        return new Nodes(started);
    }

    /** CPU seconds the Redis server has used (INFO cpu); NaN when it cannot be read. */
    double redisCpuSeconds() {
        RedisEndpoint e = redis.endpoint();
        try (Jedis j = new Jedis(new HostAndPort(e.host(), e.port()),
                DefaultJedisClientConfig.builder().password(e.password()).socketTimeoutMillis(5_000).build())) {
            double sum = 0;
            for (String line : j.info("cpu").split("\r?\n")) {
                if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) sum += Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
            }
            return sum;
        } catch (RuntimeException ex) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        redis.close();
    }
}
