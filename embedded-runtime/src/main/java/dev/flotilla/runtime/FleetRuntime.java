package dev.flotilla.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.agent.AgentLoop;
import dev.flotilla.runtime.agent.AgentPool;
import dev.flotilla.runtime.agent.AutoscaleConfig;
import dev.flotilla.runtime.agent.Autoscaler;
import dev.flotilla.runtime.agent.PoolDispatcher;
import dev.flotilla.runtime.agent.RunExecutor;
import dev.flotilla.runtime.agent.RunHandle;
import dev.flotilla.runtime.api.Gateway;
import dev.flotilla.runtime.api.GatewayBackend;
import dev.flotilla.runtime.api.RunRequestParser;
import dev.flotilla.runtime.fleet.DataDirLock;
import dev.flotilla.runtime.fleet.DemoTraffic;
import dev.flotilla.runtime.fleet.NodeRegistry;
import dev.flotilla.runtime.memory.ConversationMemory;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.SimulatedChatModel;
import dev.flotilla.runtime.model.SimulatedModelConfig;
import dev.flotilla.runtime.queue.DeadLetters;
import dev.flotilla.runtime.queue.RunQueue;
import dev.flotilla.runtime.ratelimit.ProviderLimit;
import dev.flotilla.runtime.ratelimit.RateLimit;
import dev.flotilla.runtime.ratelimit.RedisProviderLimits;
import dev.flotilla.runtime.ratelimit.RequestLimits;
import dev.flotilla.runtime.redis.EmbeddedRedis;
import dev.flotilla.runtime.redis.Keys;
import dev.flotilla.runtime.redis.RedisConnections;
import dev.flotilla.runtime.redis.RedisEndpoint;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.resilience.ModelPipeline;
import dev.flotilla.runtime.resilience.ProviderLimits;
import dev.flotilla.runtime.resilience.ResilienceConfig;
import dev.flotilla.runtime.run.Run;
import dev.flotilla.runtime.run.RunRequest;
import dev.flotilla.runtime.run.RunStatus;
import dev.flotilla.runtime.run.RunStore;
import dev.flotilla.runtime.security.ApiKeys;
import dev.flotilla.runtime.telemetry.EventBus;
import dev.flotilla.runtime.telemetry.Metrics;
import dev.flotilla.runtime.telemetry.ResilienceCounters;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import dev.flotilla.runtime.tool.ToolRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * One Flotilla node: Redis (embedded or external), the agent pools fed from the durable queue, the
 * gateway on HTTP, heartbeats, events and metrics. The console starts one in-process for its local
 * fleet; {@code flotilla-node.jar serve} starts one headless. Build with {@link #builder()}, then
 * {@link #start()}; {@link #close()} drains: it stops taking runs, lets runs in flight finish for
 * the drain timeout, and hands the rest back to the queue.
 */
public final class FleetRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetRuntime.class);

    private final Builder config;
    private final String nodeId;
    private final Map<String, AgentDefinition> agents;
    private final Map<String, AgentPool> pools = new LinkedHashMap<>();
    private final List<PoolDispatcher> dispatchers = new ArrayList<>();
    /** Model providers by name; every agent's chain names only these. */
    private final Map<String, ChatModel> providers;
    /** The simulated provider (or its stand-in): the node's model as heartbeats and new runs show it. */
    private final ChatModel model;
    private volatile ModelPipeline models;
    private DataDirLock dataDirLock;
    private EmbeddedRedis embeddedRedis;
    private JedisPooled redis;
    private Keys keys;
    private RunStore runs;
    private RunQueue queue;
    private EventBus events;
    private Metrics metrics;
    private NodeRegistry nodes;
    private RunExecutor executor;
    private ExecutorService workers;
    private DemoTraffic demo;
    private Autoscaler autoscaler;
    private Gateway gateway;
    private ApiKeys apiKeys;
    private RequestLimits requestLimits;
    private ProviderLimits providerLimits;
    private volatile boolean draining;
    private volatile boolean paused;
    private DeadLetters deadLetters;
    private final ResilienceCounters resilienceCounters = new ResilienceCounters();
    /** This machine's name, as shown beside the node in the console. */
    private static final String HOST = hostName();
    public static final String VERSION = java.util.Objects.requireNonNullElse(FleetRuntime.class.getPackage().getImplementationVersion(), "0.1.0");
    private volatile boolean started;
    private volatile boolean closed;
    /** Set once everything is shut; the toucher keeps in-flight runs ours until then, drain included. */
    private volatile boolean stopped;
    private final Instant startedAt;

    private FleetRuntime(Builder b) {
        this.config = b;
        this.nodeId = b.nodeId;
        Map<String, AgentDefinition> defs = new LinkedHashMap<>();
        for (AgentDefinition d : b.agents.isEmpty() ? List.of(AgentDefinition.assistant(b.poolSize)) : b.agents) defs.put(d.name(), d);
        this.agents = Map.copyOf(defs);
        defs.values().forEach(d -> pools.put(d.name(), newPool(d, b)));
        this.model = b.model != null ? b.model : simulatedProvider(b);
        Map<String, ChatModel> all = new LinkedHashMap<>();
        all.put(SIMULATED, model);
        all.putAll(b.providers);
        this.providers = Map.copyOf(all);
        for (AgentDefinition d : agents.values()) {
            for (ModelRef m : d.models()) {
                if (!providers.containsKey(m.provider())) {
                    throw new IllegalArgumentException("agent " + d.name() + " uses model " + m + " but this node has no provider '"
                            + m.provider() + "' (providers: " + String.join(", ", all.keySet()) + ")");
                }
            }
        }
        this.startedAt = b.clock.instant();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private static final String SIMULATED = "simulated";

    private static ChatModel simulatedProvider(Builder b) {
        SimulatedChatModel sim = new SimulatedChatModel(b.simulated);
        for (Map.Entry<String, SimulatedModelConfig> e : b.simulatedModels.entrySet()) sim = sim.withModel(e.getKey(), e.getValue());
        return sim;
    }

    /** A pool at its definition's size, or within the node's autoscaling bounds when they are set. */
    private static AgentPool newPool(AgentDefinition d, Builder b) {
        if (b.autoscaleMin == 0) return new AgentPool(d.name(), d.poolSize());
        AgentPool pool = new AgentPool(d.name(), Math.clamp(d.poolSize(), b.autoscaleMin, b.autoscaleMax));
        pool.setBounds(b.autoscaleMin, b.autoscaleMax);
        return pool;
    }

    /** Starts Redis (when embedded), the pools, the gateway and the heartbeats; returns this. */
    public synchronized FleetRuntime start() {
        if (started) throw new IllegalStateException("already started");
        started = true;
        try {
            RedisEndpoint endpoint;
            if (config.redisUrl != null) {
                endpoint = RedisEndpoint.parse(config.redisUrl);
            } else {
                if (config.dataDir != null) dataDirLock = DataDirLock.acquire(config.dataDir);
                embeddedRedis = config.dataDir != null ? EmbeddedRedis.persistent(config.dataDir) : EmbeddedRedis.ephemeral();
                endpoint = embeddedRedis.endpoint();
            }
            RedisConnections connections = new RedisConnections(endpoint);
            redis = connections.pooled();
            try {
                redis.ping();
            } catch (redis.clients.jedis.exceptions.JedisException e) {
                throw new IllegalStateException("cannot use Redis at " + endpoint + " (" + e.getMessage()
                        + "); check FLOTILLA_REDIS_URL, its password, and that the server is running");
            }
            keys = new Keys(config.fleet);
            runs = new RunStore(redis, keys, config.clock, config.runRetention);
            queue = new RunQueue(redis, keys, config.forceLegacyReclaim ? false : RunQueue.serverHasAutoClaim(redis));
            deadLetters = new DeadLetters(redis, keys, runs);
            requestLimits = new RequestLimits(redis, keys, config.keyRateLimit, config.agentRateLimit);
            providerLimits = config.providerLimits.isEmpty() ? ProviderLimits.none()
                    : new RedisProviderLimits(redis, keys, config.providerLimits);
            events = new EventBus(redis, connections, keys);
            metrics = new Metrics(() -> pools.values().stream().mapToInt(AgentPool::busy).sum(),
                    () -> pools.values().stream().mapToInt(AgentPool::size).sum(),
                    this::safeQueueDepth);
            events.onLocal(metrics::onEvent);
            events.onLocal(this::rememberResilienceEvent);
            events.onLocal(resilienceCounters);
            events.onFleet(this::onFleetEvent);
            events.start();
            ConversationMemory memory = new ConversationMemory(redis, keys, config.clock, config.sessionTtl, 50);
            // limits given to the builder as an object (tests) win over the fleet-wide ones from the spec
            ProviderLimits limits = config.providerLimitsOverride != null ? config.providerLimitsOverride : providerLimits;
            models = ModelPipeline.builder().providers(providers).config(config.resilience).limits(limits)
                    .events(events::publish).nodeId(nodeId).clock(config.clock).build();
            ToolRegistry tools = ToolRegistry.builtIn(config.clock);
            config.tools.forEach(tools::register);
            AgentLoop loop = new AgentLoop(models, tools);
            executor = new RunExecutor(nodeId, agents, runs, queue, memory, loop, events, config.clock,
                    new RunExecutor.Settings(config.queueTimeout, config.maxDeliveries));
            workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("run-", 0).factory());
            for (AgentPool pool : pools.values()) {
                dispatchers.add(new PoolDispatcher(pool, queue, executor, workers, connections, nodeId, config.clock,
                        config.reclaimAfter, () -> paused || draining));
            }
            nodes = new NodeRegistry(redis, keys, nodeId, config.clock, this::describeNode, this::onNodeCommand);
            nodes.start();
            demo = new DemoTraffic(agents.containsKey("assistant") ? "assistant" : agents.keySet().iterator().next(),
                    config.demoInterval, r -> submitInternal(r), this::safeQueueDepth, config.demoTraffic);
            // everything that can refuse to start (a bad key file, a busy port) does so before any
            // run is taken from the queue, so a failed start never strands a run
            apiKeys = config.adminKey != null ? ApiKeys.of(config.adminKey)
                    : ApiKeys.fromFile(Objects.requireNonNull(config.keyDir(), "no admin key and no folder to keep one").resolve("admin.key"));
            gateway = new Gateway(new Backend(), apiKeys, new RunRequestParser(config.maxInputChars)).start(config.host, config.port);
            dispatchers.forEach(PoolDispatcher::start);
            autoscaler = new Autoscaler(nodeId, pools.values(), queue::depth, events::publish, nodes::beat,
                    config.clock, AutoscaleConfig.withCooldown(config.autoscaleCooldown));
            autoscaler.start();
            startToucher();
            demo.start();
            log.info("node {} serving http://{}:{} on {} (model: {})", nodeId, config.host, gateway.port(), endpoint, model.name());
            return this;
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    public String nodeId() { return nodeId; }

    /** Renews the leases of this node's runs three times per lease, so one missed renewal costs nothing. */
    private void startToucher() {
        long every = Math.max(100, config.reclaimAfter.toMillis() / 3);
        Thread.ofVirtual().name("lease-renewer").start(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
                executor.renewLeases();
            }
        });
    }

    public int port() { return gateway.port(); }

    /** The base URL of the gateway, e.g. {@code http://127.0.0.1:43123}. */
    public String baseUrl() {
        String host = config.host.equals("0.0.0.0") ? "127.0.0.1" : config.host;
        return "http://" + host + ":" + gateway.port();
    }

    /** The admin key clients of this node present; kept out of logs. */
    public String adminKey() { return apiKeys.adminKey(); }

    /** The Redis this node uses, as a redis:// URL with its password (for a second node to join). */
    public String redisUrl() {
        RedisEndpoint e = embeddedRedis != null ? embeddedRedis.endpoint() : RedisEndpoint.parse(config.redisUrl);
        return "redis://" + (e.password() != null ? ":" + e.password() + "@" : "") + e.host() + ":" + e.port();
    }

    public AgentPool pool(String agent) { return pools.get(agent); }

    /** The fleet-wide provider budgets of this node's configuration (none when unset); after {@link #start()}. */
    public ProviderLimits providerLimits() {
        if (providerLimits == null) throw new IllegalStateException("not started");
        return providerLimits;
    }

    /**
     * Sets the autoscaling bounds of one pool of this node; {@code min == max} turns autoscaling off
     * (the size stays as it is). The autoscaler brings the size within the new bounds at its next
     * step, without waiting for a cool-down.
     *
     * @throws IllegalArgumentException for an unknown agent, or unless {@code 1 <= min <= max <= }{@link AgentPool#MAX_SIZE}
     */
    public void setBounds(String agent, int min, int max) {
        AgentPool pool = pools.get(agent);
        if (pool == null) throw new IllegalArgumentException("no agent named '" + agent + "' on node " + nodeId);
        pool.setBounds(min, max);
        if (autoscaler != null) autoscaler.reset(agent);
        if (nodes != null) nodes.beat();
    }

    public boolean draining() { return draining; }

    private static Instant eventTime(String json) {
        int i = json.indexOf("\"time\":\"");
        int end = i < 0 ? -1 : json.indexOf('"', i + 8);
        try {
            return end < 0 ? Instant.EPOCH : Instant.parse(json.substring(i + 8, end));
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private RunStore.Created submitInternal(RunRequest request) {
        // the model the run will ask first; the run records the one that answered when it ends
        String primary = agents.get(request.agent()).models().getFirst().toString();
        RunStore.Created created = runs.create(request, primary, id -> EventBus.toJson(queuedEvent(id, request.agent())));
        if (created.created()) events.publishLocal(queuedEvent(created.run().id(), request.agent()));
        return created;
    }

    private RuntimeEvent.RunEvent queuedEvent(String runId, String agent) {
        return new RuntimeEvent.RunEvent("run.queued", config.clock.instant(), nodeId, runId, agent, "queued", null, null, null, null);
    }

    /** The node's state as operators see it. */
    public String state() {
        return draining ? "draining" : paused ? "paused" : "active";
    }

    /** Pause (take nothing new), drain (and refuse new runs at this gateway) or resume; {@code by} says who asked. */
    public void setState(String state, String by) {
        if (closed) return;
        String before = state();
        switch (state) {
            case "paused" -> { paused = true; draining = false; }
            case "draining" -> { paused = true; draining = true; }
            case "active" -> { paused = false; draining = false; }
            default -> throw new IllegalArgumentException("unknown node state: " + state);
        }
        if (!before.equals(state())) {
            log.info("node {} is now {} ({})", nodeId, state(), by);
            events.publish(new RuntimeEvent.NodeStateChanged(config.clock.instant(), nodeId, state(), by));
            try {
                nodes.beat();
            } catch (RuntimeException e) {
                log.debug("heartbeat after a state change failed: {}", e.getMessage());
            }
        }
    }

    /** A command another node's gateway left for this node (see NodeRegistry#send). */
    private void onNodeCommand(com.fasterxml.jackson.databind.JsonNode command) {
        String action = command.path("action").asText("");
        String by = command.path("by").asText("an operator");
        try {
            switch (action) {
                case "pause" -> setState("paused", "paused by " + by);
                case "drain" -> setState("draining", "drained by " + by);
                case "resume" -> setState("active", "resumed by " + by);
                case "scale" -> scaleLocal(command.path("agent").asText(), command.path("size").isInt() ? command.path("size").asInt() : null,
                        command.path("min").isInt() ? command.path("min").asInt() : null,
                        command.path("max").isInt() ? command.path("max").asInt() : null);
                default -> log.warn("ignored an unknown node command: {}", action);
            }
        } catch (IllegalArgumentException e) {
            log.warn("ignored node command {}: {}", action, e.getMessage());
        }
    }

    /** Sets a pool's size and/or its autoscaling bounds on this node. */
    private AgentPool.Snapshot scaleLocal(String agent, Integer size, Integer min, Integer max) {
        AgentPool pool = pools.get(agent);
        if (pool == null) throw new IllegalArgumentException("no agent named " + agent);
        if (min != null && max != null) setBounds(agent, min, max);
        if (size != null) {
            int from = pool.size();
            pool.scale(size);
            events.publish(new RuntimeEvent.PoolScaled(config.clock.instant(), nodeId, agent, from, pool.size(), "manual"));
        }
        nodes.beat();
        return pool.snapshot();
    }

    private static final int RECENT_PER_TYPE = 100;
    private static final java.util.Set<String> RESILIENCE_EVENTS = java.util.Set.of("model.retried", "model.fallback",
            "breaker.changed", "provider.throttled", "ratelimit.rejected", "run.reclaimed", "deadletter.added",
            "deadletter.replayed", "node.state", "pool.scaled");

    /** Keeps the fleet's recent resilience events in Redis (capped) for operators who open the panel later. */
    private void rememberResilienceEvent(RuntimeEvent e) {
        if (!RESILIENCE_EVENTS.contains(e.type())) return;
        try {
            // one capped list per type, so a flood of one kind (every run falling back) keeps the rare ones
            String key = keys.resilienceRecent(e.type());
            try (var p = redis.pipelined()) {
                p.lpush(key, EventBus.toJson(e));
                p.ltrim(key, 0, RECENT_PER_TYPE - 1);
                p.sync();
            }
        } catch (RuntimeException ex) {
            log.debug("could not keep event {}: {}", e.type(), ex.getMessage());
        }
    }

    private void onFleetEvent(String json) {
        // a cancel raised on any node stops the run wherever it runs
        if (json.contains("\"run.cancelled\"")) {
            try {
                String runId = EventBus.JSON.readTree(json).path("run_id").asText(null);
                if (runId != null) executor.stop(runId, RunHandle.StopReason.CANCELLED);
            } catch (Exception e) {
                log.debug("unreadable fleet event: {}", e.getMessage());
            }
        }
    }

    private long safeQueueDepth() {
        try {
            long total = 0;
            for (String a : agents.keySet()) total += queue.depth(a);
            return total;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private ObjectNode describeNode() {
        ObjectNode n = EventBus.JSON.createObjectNode();
        n.put("node_id", nodeId).put("host", HOST).put("version", VERSION).put("state", state())
                .put("started_at", startedAt.toString()).put("draining", draining)
                .put("model", model.name()).put("simulated", model.simulated())
                .put("demo_traffic", demo != null && demo.enabled())
                .put("pool_size", pools.values().stream().mapToInt(AgentPool::size).sum())
                .put("busy", pools.values().stream().mapToInt(AgentPool::busy).sum())
                .put("in_flight", executor == null ? 0 : executor.inFlight());
        // breakers from the model pipeline; totals from this node's own events (the gateway's rejections included)
        ModelPipeline m = models;
        ObjectNode r = m != null ? EventBus.JSON.valueToTree(m.snapshot()) : n.objectNode();
        if (!r.has("breakers")) r.putArray("breakers");
        r.put("retries", resilienceCounters.retries()).put("fallbacks", resilienceCounters.fallbacks())
                .put("throttled", resilienceCounters.throttled()).put("rate_limited", resilienceCounters.rateLimited());
        n.set("resilience", r);
        ArrayNode p = n.putArray("pools");
        for (AgentPool pool : pools.values()) p.add(Gateway.poolJson(pool.snapshot()));
        return n;
    }

    /** Drains and stops: no new runs, runs in flight finish or go back to the queue, then all closes. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        draining = true;
        log.info("node {} draining", nodeId);
        try {
            if (nodes != null) nodes.beat();
        } catch (RuntimeException ignored) {
            // Redis may already be gone
        }
        if (demo != null) demo.close();
        if (autoscaler != null) autoscaler.close();
        dispatchers.forEach(PoolDispatcher::stopTaking);
        try {
            for (PoolDispatcher d : dispatchers) d.join(Duration.ofSeconds(2));
            long deadline = System.nanoTime() + config.drainTimeout.toNanos();
            for (AgentPool pool : pools.values()) {
                long left = deadline - System.nanoTime();
                pool.awaitAllReleased(Duration.ofNanos(Math.max(0, left)));
            }
            if (executor != null) {
                if (executor.inFlight() > 0) log.info("handing {} unfinished runs back to the queue", executor.inFlight());
                executor.handBackAll();
                for (AgentPool pool : pools.values()) pool.awaitAllReleased(Duration.ofSeconds(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
        log.info("node {} stopped", nodeId);
    }

    private void closeQuietly() {
        closed = true;
        stopped = true;
        if (autoscaler != null) autoscaler.close();
        dispatchers.forEach(PoolDispatcher::stopTaking);
        for (PoolDispatcher d : dispatchers) {
            try {
                d.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (AutoCloseable c : new AutoCloseable[] {gateway, demo, nodes, events}) {
            try {
                if (c != null) c.close();
            } catch (Exception e) {
                log.debug("while closing: {}", e.getMessage());
            }
        }
        if (workers != null) {
            workers.shutdownNow();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (redis != null) redis.close();
        if (embeddedRedis != null) embeddedRedis.close();
        if (dataDirLock != null) dataDirLock.close();
    }

    /** The gateway's view of this node. */
    private final class Backend implements GatewayBackend {
        @Override public String nodeId() { return nodeId; }

        @Override public Set<String> agents() { return agents.keySet(); }

        @Override public boolean draining() { return draining; }

        @Override public RunStore.Created submit(RunRequest request) { return submitInternal(request); }

        @Override public RequestLimits.Verdict admit(String keyFingerprint, String agent) { return requestLimits.check(keyFingerprint, agent); }

        @Override public void publish(RuntimeEvent event) { events.publish(event); }

        @Override public Clock clock() { return config.clock; }

        @Override public Optional<Run> run(String id) { return runs.find(id); }

        @Override public Optional<Run> existingRun(String idempotencyKey) { return runs.findByIdempotencyKey(idempotencyKey); }

        @Override public List<Run> runs(RunStatus status, int limit) { return runs.recent(status, limit); }

        @Override
        public Optional<Run> cancel(String id) {
            if (runs.cancel(id)) {
                Run r = runs.find(id).orElseThrow();
                events.publish(new RuntimeEvent.RunEvent("run.cancelled", config.clock.instant(), nodeId, r.id(), r.agent(),
                        "cancelled", r.startedAt() == null ? null : Duration.between(r.startedAt(), config.clock.instant()).toMillis(),
                        null, r.attempts(), "cancelled"));
                return Optional.of(r);
            }
            return runs.find(id);
        }

        @Override
        public ObjectNode fleet() {
            ObjectNode n = EventBus.JSON.createObjectNode();
            n.put("fleet", config.fleet).put("served_by", nodeId);
            ArrayNode a = n.putArray("agents");
            agents.keySet().stream().sorted().forEach(a::add);
            ObjectNode q = n.putObject("queue");
            ObjectNode byAgent = EventBus.JSON.createObjectNode();
            long total = 0;
            for (String agent : agents.keySet()) {
                long d = queue.depth(agent);
                byAgent.put(agent, d);
                total += d;
            }
            q.put("depth", total).set("by_agent", byAgent);
            ArrayNode ns = n.putArray("nodes");
            nodes.nodes().forEach(ns::add);
            return n;
        }

        @Override
        public AgentPool.Snapshot scale(String agent, int size) {
            return scaleLocal(agent, size, null, null);
        }

        @Override
        public boolean setDemoTraffic(boolean enabled) {
            demo.setEnabled(enabled);
            events.publish(new RuntimeEvent.DemoChanged(config.clock.instant(), nodeId, enabled));
            nodes.beat();
            return enabled;
        }

        @Override public List<com.fasterxml.jackson.databind.JsonNode> nodes() { return nodes.nodes(); }

        @Override
        public boolean commandNode(String node, String action) {
            return deliver(node, command(action), null) == ScaleResult.SENT;
        }

        @Override
        public ScaleResult scaleNode(String node, String agent, RunRequestParser.PoolChange change) {
            ObjectNode command = command("scale").put("agent", agent);
            if (change.size() != null) command.put("size", change.size());
            if (change.min() != null) command.put("min", change.min()).put("max", change.max());
            return deliver(node, command, agent);
        }

        private ObjectNode command(String action) {
            return EventBus.JSON.createObjectNode().put("action", action).put("by", "an operator via " + nodeId);
        }

        /**
         * Runs a command here when this node is the target, else leaves it for the live target's
         * next heartbeat; {@code agent}, when given, must be one the target runs.
         */
        private ScaleResult deliver(String node, ObjectNode command, String agent) {
            if (node.equals(nodeId)) {
                if (closed) return ScaleResult.NO_NODE;
                if (agent != null && !pools.containsKey(agent)) return ScaleResult.NO_AGENT;
                onNodeCommand(command);
                return ScaleResult.SENT;
            }
            var target = nodes.live(node);
            if (target.isEmpty()) return ScaleResult.NO_NODE;
            if (agent != null) {
                boolean hasAgent = false;
                for (var p : target.get().path("pools")) hasAgent |= agent.equals(p.path("agent").asText());
                if (!hasAgent) return ScaleResult.NO_AGENT;
            }
            nodes.send(node, command);
            return ScaleResult.SENT;
        }

        @Override public List<DeadLetters.Letter> deadLetters(int limit) { return deadLetters.list(limit); }

        @Override public Optional<DeadLetters.Letter> deadLetter(String runId) { return deadLetters.find(runId); }

        @Override
        public DeadLetters.ReplayResult replayDeadLetter(String runId) {
            Optional<DeadLetters.Letter> letter = deadLetters.find(runId);
            if (letter.isEmpty()) return DeadLetters.ReplayResult.NOT_FOUND;
            String agent = letter.get().agent();
            DeadLetters.ReplayResult r = deadLetters.replay(runId, "an operator via " + nodeId, EventBus.toJson(queuedEvent(runId, agent)));
            if (r == DeadLetters.ReplayResult.REPLAYED) {
                events.publishLocal(queuedEvent(runId, agent));
                events.publish(new RuntimeEvent.DeadLetterReplayed(config.clock.instant(), nodeId, runId, agent));
            }
            return r;
        }

        @Override public boolean discardDeadLetter(String runId) { return deadLetters.discard(runId); }

        @Override
        public List<String> recentResilienceEvents() {
            List<redis.clients.jedis.Response<List<String>>> replies = new ArrayList<>();
            try (var p = redis.pipelined()) {
                for (String type : RESILIENCE_EVENTS) replies.add(p.lrange(keys.resilienceRecent(type), 0, RECENT_PER_TYPE - 1));
                p.sync();
            }
            // newest first across types: each event's JSON starts with its type and ISO time, so read the time
            List<String> all = new ArrayList<>();
            replies.forEach(r -> all.addAll(r.get()));
            all.sort(java.util.Comparator.comparing(FleetRuntime::eventTime).reversed());
            return all;
        }

        @Override
        public Map<String, String> readiness() {
            Map<String, String> checks = new LinkedHashMap<>();
            boolean redisUp;
            try {
                redis.ping();
                checks.put("redis", "healthy");
                redisUp = true;
            } catch (RuntimeException e) {
                checks.put("redis", "unhealthy");
                redisUp = false;
            }
            checks.put("node", draining ? "unhealthy" : paused ? "degraded" : "healthy");
            if (redisUp) { // unreachable Redis: answer now rather than wait on the queue as well
                long depth = safeQueueDepth();
                int size = pools.values().stream().mapToInt(AgentPool::size).sum();
                checks.put("queue", depth > 50L * Math.max(1, size) ? "degraded" : "healthy");
            }
            return checks;
        }

        @Override public String metricsText() { return metrics.scrape(); }

        @Override public String metricsContentType() { return metrics.contentType(); }

        @Override public void onFleetEvent(Consumer<String> listener) { events.onFleet(listener); }

        @Override public void removeFleetEventListener(Consumer<String> listener) { events.removeFleet(listener); }
    }

    /** Everything a node can be told; defaults suit the console's local fleet. */
    public static final class Builder {
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
        private final List<dev.flotilla.runtime.tool.Tool> tools = new ArrayList<>();
        private RateLimit keyRateLimit;
        private RateLimit agentRateLimit;
        private Map<String, ProviderLimit> providerLimits = Map.of();
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder fleet(String v) { new Keys(v); fleet = v; return this; }
        public Builder nodeId(String v) {
            if (v == null || !v.matches("[A-Za-z0-9_.-]{1,64}")) throw new IllegalArgumentException("node id must be 1-64 of [A-Za-z0-9_.-]: " + v);
            nodeId = v; return this;
        }
        /** Where the embedded Redis persists and the generated admin key is kept; null for throwaway. */
        public Builder dataDir(Path v) { dataDir = v; return this; }
        /** An external Redis ({@code redis://[:password@]host:port}) instead of the embedded one. */
        public Builder redisUrl(String v) { if (v != null) RedisEndpoint.parse(v); redisUrl = v; return this; }
        public Builder host(String v) { host = Objects.requireNonNull(v); return this; }
        public Builder port(int v) { if (v < 0 || v > 65535) throw new IllegalArgumentException("port out of range: " + v); port = v; return this; }
        public Builder adminKey(String v) { adminKey = v; return this; }
        public Builder adminKeyDir(Path v) { adminKeyDir = v; return this; }
        public Builder maxInputChars(int v) { if (v < 1) throw new IllegalArgumentException("maxInputChars < 1: " + v); maxInputChars = v; return this; }
        public Builder runRetention(Duration v) { runRetention = positive(v, "runRetention"); return this; }
        public Builder sessionTtl(Duration v) { sessionTtl = positive(v, "sessionTtl"); return this; }
        public Builder queueTimeout(Duration v) { queueTimeout = positive(v, "queueTimeout"); return this; }
        public Builder drainTimeout(Duration v) { drainTimeout = v; return this; }
        /** How long a run's lease lasts unrenewed; a dead node's runs are reclaimed after it. */
        public Builder reclaimAfter(Duration v) { reclaimAfter = positive(v, "reclaimAfter"); return this; }
        public Builder leaseTime(Duration v) { return reclaimAfter(v); }
        /** Failed deliveries after which a run becomes a dead letter. */
        public Builder maxDeliveries(int v) { if (v < 1) throw new IllegalArgumentException("maxDeliveries < 1: " + v); maxDeliveries = v; return this; }
        /** Reclaim with XPENDING + XCLAIM even where XAUTOCLAIM exists (the Redis 5.0 path; for tests). */
        public Builder forceLegacyReclaim(boolean v) { forceLegacyReclaim = v; return this; }

        /** Calls of one model per step, first included; shorthand for the same setting of {@link #resilience}. */
        public Builder maxAttempts(int v) { resilience = resilience.toBuilder().maxAttempts(v).build(); return this; }
        /** The base of the full-jitter backoff (capped at 50 times the base, at least 5 s); shorthand for {@link #resilience}. */
        public Builder retryBackoff(Duration v) {
            Duration cap = v.multipliedBy(50).compareTo(Duration.ofSeconds(5)) > 0 ? v.multipliedBy(50) : Duration.ofSeconds(5);
            resilience = resilience.toBuilder().backoff(v, cap).build();
            return this;
        }
        /** Retries, per-call timeout, circuit breakers and bulkheads of model calls. */
        public Builder resilience(ResilienceConfig v) { resilience = Objects.requireNonNull(v); return this; }
        /** The fleet-wide request and token budgets of model providers, asked before every call (default: none). */
        public Builder providerLimits(ProviderLimits v) { providerLimitsOverride = Objects.requireNonNull(v); return this; }
        /** A model provider other than the simulated one; agents reach it as {@code name/model}. */
        public Builder provider(String name, ChatModel v) {
            new ModelRef(name, "x"); // validates the name
            if (SIMULATED.equals(name)) throw new IllegalArgumentException("use model(...) to replace the simulated provider");
            providers.put(name, Objects.requireNonNull(v));
            return this;
        }
        /** How one model of the simulated provider behaves (e.g. {@code primary} failing while {@code fallback} answers). */
        public Builder simulatedModel(String modelName, SimulatedModelConfig v) {
            new ModelRef(SIMULATED, modelName); // validates the name
            simulatedModels.put(modelName, Objects.requireNonNull(v));
            return this;
        }
        public Builder poolSize(int v) { if (v < 1 || v > AgentPool.MAX_SIZE) throw new IllegalArgumentException("poolSize not in [1," + AgentPool.MAX_SIZE + "]: " + v); poolSize = v; return this; }
        /**
         * Every pool of the node scales between {@code min} and {@code max} agents (starting at its
         * pool size, brought within the bounds); {@code min == max} pins the pools at that size with
         * autoscaling off. Default: off, each pool stays at its pool size.
         */
        public Builder autoscale(int min, int max) {
            if (min < 1 || max > AgentPool.MAX_SIZE || min > max) {
                throw new IllegalArgumentException("autoscale bounds must satisfy 1 <= min <= max <= " + AgentPool.MAX_SIZE + ": min " + min + ", max " + max);
            }
            autoscaleMin = min;
            autoscaleMax = max;
            return this;
        }
        /** Least time between two autoscaling changes of a pool; a shrink also needs two cool-downs of low use (default 15 s). */
        public Builder autoscaleCooldown(Duration v) { autoscaleCooldown = positive(v, "autoscaleCooldown"); return this; }
        public Builder demoTraffic(boolean v) { demoTraffic = v; return this; }
        public Builder demoInterval(Duration v) { demoInterval = positive(v, "demoInterval"); return this; }
        public Builder simulatedModel(SimulatedModelConfig v) { simulated = Objects.requireNonNull(v); return this; }
        /**
         * A stand-in for the simulated provider: it serves every {@code simulated/…} model, so
         * agents on the default chain use it (tests, demos). Real providers come in through {@link #provider}.
         */
        public Builder model(ChatModel v) { model = v; return this; }
        public Builder agent(AgentDefinition v) { agents.add(v); return this; }
        /** A tool besides the built-in ones; agents call it only if their definition lists it. */
        public Builder tool(dev.flotilla.runtime.tool.Tool v) { tools.add(Objects.requireNonNull(v)); return this; }
        public Builder clock(Clock v) { clock = Objects.requireNonNull(v); return this; }
        /** The limit of each API key, fleet-wide, on run submissions; null (the default) for none. */
        public Builder keyRateLimit(RateLimit v) { keyRateLimit = v; return this; }
        /** The limit of each agent, fleet-wide, on run submissions whatever the key; null (the default) for none. */
        public Builder agentRateLimit(RateLimit v) { agentRateLimit = v; return this; }
        /** Fleet-wide budgets toward model providers, as {@link ProviderLimit#parseAll} gives them; empty (the default) for none. */
        public Builder providerLimits(Map<String, ProviderLimit> v) { providerLimits = Map.copyOf(v); return this; }
        /** The same from its text form, {@code provider/model=rpm:600,tpm:100000;…}; blank for none. */
        public Builder providerLimits(String spec) { providerLimits = ProviderLimit.parseAll(spec); return this; }

        private Path keyDir() { return adminKeyDir != null ? adminKeyDir : dataDir; }

        public FleetRuntime build() {
            if (adminKey == null && keyDir() == null) {
                throw new IllegalStateException("set an admin key, or a data folder to keep a generated one in");
            }
            return new FleetRuntime(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
            return d;
        }
    }
}
