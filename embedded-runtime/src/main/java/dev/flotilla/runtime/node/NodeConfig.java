package dev.flotilla.runtime.node;

import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.agent.AgentPool;
import dev.flotilla.runtime.agent.AutoscaleConfig;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.model.SimulatedModelConfig;
import dev.flotilla.runtime.ratelimit.ProviderLimit;
import dev.flotilla.runtime.ratelimit.ProviderLimits;
import dev.flotilla.runtime.ratelimit.RateLimit;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.store.Keys;
import dev.flotilla.runtime.store.RedisEndpoint;
import dev.flotilla.runtime.store.RunRecords;
import dev.flotilla.runtime.resilience.ResilienceConfig;
import dev.flotilla.runtime.tool.Tool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a node can be told, fixed once built; defaults suit the console's local fleet. Built
 * through {@code FleetRuntime.builder()}, whose builder is a {@link Builder}.
 *
 * @param autoscaleMin 0 when autoscaling is off
 * @param providerLimitsOverride limits given as an object (tests); they win over {@code providerLimits}
 * @param model a stand-in for the simulated provider, or null for the simulated model itself
 * @param maxQueueDepth runs of one agent in line (waiting or in flight) at which new ones are refused
 * @param redisMaxMemory the embedded Redis's memory cap in bytes (an external Redis keeps its own)
 * @param pushgatewayUrl a Prometheus Pushgateway to push the node's metrics to every {@code pushEvery}; null: none
 * @param otel OpenTelemetry properties ({@code otel.*}) on top of the {@code OTEL_*} environment (tests, embedders)
 * @param settings the {@code FLOTILLA_*} settings feature modules read when they register ({@code ModuleContext.settings()})
 */
public record NodeConfig(String fleet, String nodeId, Path dataDir, String redisUrl, String host, int port,
                         String adminKey, Path adminKeyDir, int maxInputChars, Duration runRetention, Duration sessionTtl,
                         Duration queueTimeout, Duration drainTimeout, Duration reclaimAfter, int maxDeliveries,
                         boolean forceLegacyReclaim, int poolSize, ResilienceConfig resilience,
                         ProviderLimits providerLimitsOverride, int autoscaleMin, int autoscaleMax,
                         Duration autoscaleCooldown, Map<String, ChatModel> providers,
                         Map<String, SimulatedModelConfig> simulatedModels, boolean demoTraffic, Duration demoInterval,
                         SimulatedModelConfig simulated, ChatModel model, List<AgentDefinition> agents, List<Tool> tools,
                         RateLimit keyRateLimit, RateLimit agentRateLimit, Map<String, ProviderLimit> providerLimits,
                         List<ExtraKey> apiKeys, Clock clock, long maxQueueDepth, long redisMaxMemory,
                         dev.flotilla.runtime.api.GatewayTls tls,
                         Map<String, String> otel, String pushgatewayUrl, Duration pushEvery,
                         dev.flotilla.runtime.kernel.Settings settings) {

    /** The name of the provider every node has: the simulated model (or its stand-in). */
    public static final String SIMULATED = "simulated";

    /** Where the generated admin key is kept: its own folder if given, else the data folder. */
    public Path keyDir() { return adminKeyDir != null ? adminKeyDir : dataDir; }

    /** An API key besides the admin key, with the operator role it has (until key management comes). */
    public record ExtraKey(String key, String name, OperatorRole role) {
        @Override public String toString() { return "ExtraKey[" + name + ", " + role + "]"; } // never the key
    }

    /** Names the node, never its secrets (the admin key, the Redis password). */
    @Override
    public String toString() {
        return "NodeConfig[fleet=" + fleet + ", nodeId=" + nodeId + ", host=" + host + ", port=" + port + "]";
    }

    /**
     * The settings of a node, validated as they are set. Self-typed so that {@code FleetRuntime.Builder}
     * keeps its fluent calls returning itself.
     */
    public abstract static class Builder<B extends Builder<B>> {
        private String fleet = "default";
        private String nodeId = "local";
        private Path dataDir;
        private String redisUrl;
        private String host = "127.0.0.1";
        private int port = 0;
        private String adminKey;
        private Path adminKeyDir;
        private int maxInputChars = 10_000;
        private Duration runRetention = Duration.ofDays(1);
        private Duration sessionTtl = Duration.ofHours(1);
        private Duration queueTimeout = Duration.ofMinutes(2);
        private Duration drainTimeout = Duration.ofSeconds(20);
        private Duration reclaimAfter = Duration.ofSeconds(30); // the lease: live nodes renew it every third of this
        private int maxDeliveries = 3;
        private boolean forceLegacyReclaim;
        private int poolSize = 4;
        private ResilienceConfig resilience = ResilienceConfig.defaults();
        private ProviderLimits providerLimitsOverride;
        private int autoscaleMin; // 0: off
        private int autoscaleMax;
        private Duration autoscaleCooldown = AutoscaleConfig.DEFAULT_COOLDOWN;
        private final Map<String, ChatModel> providers = new LinkedHashMap<>();
        private final Map<String, SimulatedModelConfig> simulatedModels = new LinkedHashMap<>();
        private boolean demoTraffic;
        private Duration demoInterval = Duration.ofMillis(1_200);
        private SimulatedModelConfig simulated = SimulatedModelConfig.defaults();
        private ChatModel model;
        private final List<AgentDefinition> agents = new ArrayList<>();
        private final List<Tool> tools = new ArrayList<>();
        private RateLimit keyRateLimit;
        private RateLimit agentRateLimit;
        private Map<String, ProviderLimit> providerLimits = Map.of();
        private final List<ExtraKey> apiKeys = new ArrayList<>();
        private dev.flotilla.runtime.api.GatewayTls tls;
        private Clock clock = Clock.systemUTC();
        private long maxQueueDepth = RunRecords.DEFAULT_MAX_QUEUE_DEPTH;
        private long redisMaxMemory = EmbeddedRedis.DEFAULT_MAX_MEMORY;
        private Map<String, String> otel = Map.of();
        private String pushgatewayUrl;
        private Duration pushEvery = Duration.ofSeconds(15);
        private dev.flotilla.runtime.kernel.Settings settings = dev.flotilla.runtime.kernel.Settings.none();

        protected Builder() {}

        @SuppressWarnings("unchecked")
        private B self() { return (B) this; }

        public B fleet(String v) { new Keys(v); fleet = v; return self(); }
        public B nodeId(String v) {
            if (v == null || !v.matches("[A-Za-z0-9_.-]{1,64}")) throw new IllegalArgumentException("node id must be 1-64 of [A-Za-z0-9_.-]: " + v);
            nodeId = v; return self();
        }
        /** Where the embedded Redis persists and the generated admin key is kept; null for throwaway. */
        public B dataDir(Path v) { dataDir = v; return self(); }
        /** An external Redis ({@code redis://[:password@]host:port}) instead of the embedded one. */
        public B redisUrl(String v) { if (v != null) RedisEndpoint.parse(v); redisUrl = v; return self(); }
        public B host(String v) { host = Objects.requireNonNull(v); return self(); }
        public B port(int v) { if (v < 0 || v > 65535) throw new IllegalArgumentException("port out of range: " + v); port = v; return self(); }
        public B adminKey(String v) { adminKey = v; return self(); }
        /** The gateway serves HTTPS with this key store (null: plain HTTP). */
        public B tls(dev.flotilla.runtime.api.GatewayTls v) { tls = v; return self(); }
        public B adminKeyDir(Path v) { adminKeyDir = v; return self(); }
        public B maxInputChars(int v) { if (v < 1) throw new IllegalArgumentException("maxInputChars < 1: " + v); maxInputChars = v; return self(); }
        public B runRetention(Duration v) { runRetention = positive(v, "runRetention"); return self(); }
        public B sessionTtl(Duration v) { sessionTtl = positive(v, "sessionTtl"); return self(); }
        public B queueTimeout(Duration v) { queueTimeout = positive(v, "queueTimeout"); return self(); }
        public B drainTimeout(Duration v) { drainTimeout = v; return self(); }
        /** How long a run's lease lasts unrenewed; a dead node's runs are reclaimed after it. */
        public B reclaimAfter(Duration v) { reclaimAfter = positive(v, "reclaimAfter"); return self(); }
        public B leaseTime(Duration v) { return reclaimAfter(v); }
        /** Failed deliveries after which a run becomes a dead letter. */
        public B maxDeliveries(int v) { if (v < 1) throw new IllegalArgumentException("maxDeliveries < 1: " + v); maxDeliveries = v; return self(); }
        /** Reclaim with XPENDING + XCLAIM even where XAUTOCLAIM exists (the Redis 5.0 path; for tests). */
        public B forceLegacyReclaim(boolean v) { forceLegacyReclaim = v; return self(); }

        /** Calls of one model per step, first included; shorthand for the same setting of {@link #resilience}. */
        public B maxAttempts(int v) { resilience = resilience.toBuilder().maxAttempts(v).build(); return self(); }
        /** The base of the full-jitter backoff (capped at 50 times the base, at least 5 s); shorthand for {@link #resilience}. */
        public B retryBackoff(Duration v) {
            Duration cap = v.multipliedBy(50).compareTo(Duration.ofSeconds(5)) > 0 ? v.multipliedBy(50) : Duration.ofSeconds(5);
            resilience = resilience.toBuilder().backoff(v, cap).build();
            return self();
        }
        /** Retries, per-call timeout, circuit breakers and bulkheads of model calls. */
        public B resilience(ResilienceConfig v) { resilience = Objects.requireNonNull(v); return self(); }
        /** The fleet-wide request and token budgets of model providers, asked before every call (default: none). */
        public B providerLimits(ProviderLimits v) { providerLimitsOverride = Objects.requireNonNull(v); return self(); }
        /** A model provider other than the simulated one; agents reach it as {@code name/model}. */
        public B provider(String name, ChatModel v) {
            new ModelRef(name, "x"); // validates the name
            if (SIMULATED.equals(name)) throw new IllegalArgumentException("use model(...) to replace the simulated provider");
            providers.put(name, Objects.requireNonNull(v));
            return self();
        }
        /** How one model of the simulated provider behaves (e.g. {@code primary} failing while {@code fallback} answers). */
        public B simulatedModel(String modelName, SimulatedModelConfig v) {
            new ModelRef(SIMULATED, modelName); // validates the name
            simulatedModels.put(modelName, Objects.requireNonNull(v));
            return self();
        }
        public B poolSize(int v) { if (v < 1 || v > AgentPool.MAX_SIZE) throw new IllegalArgumentException("poolSize not in [1," + AgentPool.MAX_SIZE + "]: " + v); poolSize = v; return self(); }
        /**
         * Every pool of the node scales between {@code min} and {@code max} agents (starting at its
         * pool size, brought within the bounds); {@code min == max} pins the pools at that size with
         * autoscaling off. Default: off, each pool stays at its pool size.
         */
        public B autoscale(int min, int max) {
            if (min < 1 || max > AgentPool.MAX_SIZE || min > max) {
                throw new IllegalArgumentException("autoscale bounds must satisfy 1 <= min <= max <= " + AgentPool.MAX_SIZE + ": min " + min + ", max " + max);
            }
            autoscaleMin = min;
            autoscaleMax = max;
            return self();
        }
        /** Least time between two autoscaling changes of a pool; a shrink also needs two cool-downs of low use (default 15 s). */
        public B autoscaleCooldown(Duration v) { autoscaleCooldown = positive(v, "autoscaleCooldown"); return self(); }
        public B demoTraffic(boolean v) { demoTraffic = v; return self(); }
        public B demoInterval(Duration v) { demoInterval = positive(v, "demoInterval"); return self(); }
        public B simulatedModel(SimulatedModelConfig v) { simulated = Objects.requireNonNull(v); return self(); }
        /**
         * A stand-in for the simulated provider: it serves every {@code simulated/…} model, so
         * agents on the default chain use it (tests, demos). Real providers come in through {@link #provider}.
         */
        public B model(ChatModel v) { model = v; return self(); }
        public B agent(AgentDefinition v) { agents.add(v); return self(); }
        /** A tool besides the built-in ones; agents call it only if their definition lists it. */
        public B tool(Tool v) { tools.add(Objects.requireNonNull(v)); return self(); }
        public B clock(Clock v) { clock = Objects.requireNonNull(v); return self(); }
        /** The limit of each API key, fleet-wide, on run submissions; null (the default) for none. */
        public B keyRateLimit(RateLimit v) { keyRateLimit = v; return self(); }
        /** The limit of each agent, fleet-wide, on run submissions whatever the key; null (the default) for none. */
        public B agentRateLimit(RateLimit v) { agentRateLimit = v; return self(); }
        /** Fleet-wide budgets toward model providers, as {@link ProviderLimit#parseAll} gives them; empty (the default) for none. */
        public B providerLimits(Map<String, ProviderLimit> v) { providerLimits = Map.copyOf(v); return self(); }
        /** The same from its text form, {@code provider/model=rpm:600,tpm:100000;…}; blank for none. */
        public B providerLimits(String spec) { providerLimits = ProviderLimit.parseAll(spec); return self(); }

        /**
         * One more API key, named {@code name}, with the operator role {@code role} (at least 16
         * characters); the admin key has {@code ADMIN}. Until key management comes, for embedding and tests.
         */
        public B apiKey(String key, String name, OperatorRole role) {
            if (key == null || key.length() < 16) throw new IllegalArgumentException("API key '" + name + "' must have at least 16 characters");
            apiKeys.add(new ExtraKey(key, Objects.requireNonNull(name), Objects.requireNonNull(role)));
            return self();
        }

        /** Runs of one agent in line (waiting or in flight) at which new ones are refused with {@code 503 queue_full} (default 100,000). */
        public B maxQueueDepth(long v) { if (v < 1) throw new IllegalArgumentException("maxQueueDepth < 1: " + v); maxQueueDepth = v; return self(); }
        /** The embedded Redis's memory cap in bytes (default 512 MiB); at the cap new runs get {@code 503 store_full}. */
        public B redisMaxMemory(long v) {
            if (v < EmbeddedRedis.MIN_MAX_MEMORY) throw new IllegalArgumentException("redisMaxMemory < " + EmbeddedRedis.MIN_MAX_MEMORY + ": " + v);
            redisMaxMemory = v; return self();
        }

        /** OpenTelemetry properties ({@code otel.exporter.otlp.endpoint}, …) on top of the {@code OTEL_*} environment. */
        public B otel(Map<String, String> v) { otel = Map.copyOf(v); return self(); }
        /** Pushes the node's metrics to the Pushgateway at {@code url} (null: no push) every {@code every} and at shutdown. */
        public B pushgateway(String url, Duration every) { pushgatewayUrl = url; pushEvery = positive(every, "push interval"); return self(); }
        /** Settings by their {@code FLOTILLA_*} names for feature modules (e.g. {@code FLOTILLA_GUARD_INPUT=block}); added to any set before. */
        public B settings(Map<String, String> v) { settings = settings.with(v); return self(); }

        /** The settings as set; refuses a node with neither an admin key nor a folder to keep one in. */
        protected NodeConfig config() {
            if (adminKey == null && adminKeyDir == null && dataDir == null) {
                throw new IllegalStateException("set an admin key, or a data folder to keep a generated one in");
            }
            return new NodeConfig(fleet, nodeId, dataDir, redisUrl, host, port, adminKey, adminKeyDir, maxInputChars,
                    runRetention, sessionTtl, queueTimeout, drainTimeout, reclaimAfter, maxDeliveries, forceLegacyReclaim,
                    poolSize, resilience, providerLimitsOverride, autoscaleMin, autoscaleMax, autoscaleCooldown,
                    ordered(providers), ordered(simulatedModels), demoTraffic, demoInterval,
                    simulated, model, List.copyOf(agents), List.copyOf(tools), keyRateLimit, agentRateLimit, providerLimits,
                    List.copyOf(apiKeys), clock, maxQueueDepth, redisMaxMemory, tls, otel,
                    pushgatewayUrl, pushEvery, settings);
        }

        private static <V> Map<String, V> ordered(Map<String, V> m) {
            return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
            return d;
        }
    }
}
