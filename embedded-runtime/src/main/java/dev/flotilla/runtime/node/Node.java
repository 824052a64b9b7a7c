package dev.flotilla.runtime.node;

import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.agent.AgentLoop;
import dev.flotilla.runtime.agent.AgentPool;
import dev.flotilla.runtime.agent.AutoscaleConfig;
import dev.flotilla.runtime.agent.Autoscaler;
import dev.flotilla.runtime.agent.LeaseRenewer;
import dev.flotilla.runtime.agent.PoolDispatcher;
import dev.flotilla.runtime.agent.RunExecutor;
import dev.flotilla.runtime.agent.RunHandle;
import dev.flotilla.runtime.api.BodyReader;
import dev.flotilla.runtime.api.Gateway;
import dev.flotilla.runtime.api.ModuleRoutes;
import dev.flotilla.runtime.api.Routes;
import dev.flotilla.runtime.api.RunRequestParser;
import dev.flotilla.runtime.api.routes.ApiV1;
import dev.flotilla.runtime.fleet.DataDirLock;
import dev.flotilla.runtime.fleet.DemoTraffic;
import dev.flotilla.runtime.fleet.IndexSweeper;
import dev.flotilla.runtime.fleet.NodeCommands;
import dev.flotilla.runtime.fleet.NodeDescription;
import dev.flotilla.runtime.fleet.NodeRegistry;
import dev.flotilla.runtime.fleet.NodeState;
import dev.flotilla.runtime.fleet.Readiness;
import dev.flotilla.runtime.kernel.Kernel;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.memory.ConversationMemory;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.model.SimulatedChatModel;
import dev.flotilla.runtime.model.SimulatedModelConfig;
import dev.flotilla.runtime.store.DeadLetterStore;
import dev.flotilla.runtime.store.EmbeddedRedis;
import dev.flotilla.runtime.store.EventChannel;
import dev.flotilla.runtime.store.Keys;
import dev.flotilla.runtime.store.NodeHeartbeats;
import dev.flotilla.runtime.store.QueueStore;
import dev.flotilla.runtime.store.RecentEvents;
import dev.flotilla.runtime.store.RedisEndpoint;
import dev.flotilla.runtime.store.RunRecords;
import dev.flotilla.runtime.store.SessionStore;
import dev.flotilla.runtime.store.Store;
import dev.flotilla.runtime.store.StoreException;
import dev.flotilla.runtime.security.ApiKeys;
import dev.flotilla.runtime.security.AuthFailures;
import dev.flotilla.runtime.security.KeyRing;
import dev.flotilla.runtime.api.AccessControl;
import dev.flotilla.runtime.api.routes.KeyRoutes;
import dev.flotilla.runtime.store.ApiKeyRecords;
import dev.flotilla.runtime.telemetry.EventBus;
import dev.flotilla.runtime.telemetry.Metrics;
import dev.flotilla.runtime.ratelimit.ProviderLimits;
import dev.flotilla.runtime.telemetry.ResilienceCounters;
import dev.flotilla.runtime.telemetry.ResilienceHistory;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import dev.flotilla.runtime.tool.ToolRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring of one node: Redis (embedded or external), the agent pools fed from the durable queue,
 * the gateway, heartbeats, events and metrics, started in an order that never strands a run, and
 * stopped by draining. {@code FleetRuntime} is its public face.
 */
public final class Node {

    private static final Logger log = LoggerFactory.getLogger(Node.class);
    /** Who submits demo runs. */
    private static final Principal DEMO = Principal.system("demo traffic");

    final NodeConfig config;
    final String nodeId;
    final Map<String, AgentDefinition> agents;
    private final Map<String, AgentPool> pools = new LinkedHashMap<>();
    private final List<PoolDispatcher> dispatchers = new ArrayList<>();
    /** Model providers by name; every agent's chain names only these. */
    private final Map<String, ChatModel> providers;
    /** The simulated provider (or its stand-in): the node's model as heartbeats and new runs show it. */
    private final ChatModel model;
    final NodeState state = new NodeState();
    private final Instant builtAt;
    private final ResilienceCounters resilienceCounters = new ResilienceCounters();
    private volatile NodeModules modules;
    Kernel kernel;
    private DataDirLock dataDirLock;
    private EmbeddedRedis embeddedRedis;
    private Store store;
    // package-private parts are NodeBackend's view of the node: set once in start(), before the gateway serves
    RunRecords runs;
    QueueStore queue;
    DeadLetterStore deadLetters;
    EventBus events;
    Metrics metrics;
    NodeRegistry nodes;
    NodeCommands commands;
    RunSubmitter submitter;
    ResilienceHistory history;
    Readiness readiness;
    DemoTraffic demo;
    private RunExecutor executor;
    private ExecutorService workers;
    private Autoscaler autoscaler;
    private LeaseRenewer leaseRenewer;
    private IndexSweeper indexSweeper;
    private Gateway gateway;
    private ApiKeys apiKeys;
    private KeyRing keyRing;
    private boolean started;

    /** Checks the agents against the providers; nothing starts until {@link #start()}. */
    public Node(NodeConfig config) {
        this.config = config;
        this.nodeId = config.nodeId();
        Map<String, AgentDefinition> defs = new LinkedHashMap<>();
        for (AgentDefinition d : config.agents().isEmpty() ? List.of(AgentDefinition.assistant(config.poolSize())) : config.agents()) defs.put(d.name(), d);
        this.agents = Map.copyOf(defs);
        defs.values().forEach(d -> pools.put(d.name(), newPool(d, config)));
        this.builtAt = config.clock().instant();
        this.model = config.model() != null ? config.model() : simulatedProvider(config);
        Map<String, ChatModel> all = new LinkedHashMap<>();
        all.put(NodeConfig.SIMULATED, model);
        all.putAll(config.providers());
        this.providers = Map.copyOf(all);
        for (AgentDefinition d : agents.values()) {
            for (ModelRef m : d.models()) {
                if (!providers.containsKey(m.provider())) {
                    throw new IllegalArgumentException("agent " + d.name() + " uses model " + m + " but this node has no provider '"
                            + m.provider() + "' (providers: " + String.join(", ", all.keySet()) + ")");
                }
            }
        }
    }

    private static ChatModel simulatedProvider(NodeConfig c) {
        SimulatedChatModel sim = new SimulatedChatModel(c.simulated());
        for (Map.Entry<String, SimulatedModelConfig> e : c.simulatedModels().entrySet()) sim = sim.withModel(e.getKey(), e.getValue());
        return sim;
    }

    /** A pool at its definition's size, or within the node's autoscaling bounds when they are set. */
    private static AgentPool newPool(AgentDefinition d, NodeConfig c) {
        if (c.autoscaleMin() == 0) return new AgentPool(d.name(), d.poolSize());
        AgentPool pool = new AgentPool(d.name(), Math.clamp(d.poolSize(), c.autoscaleMin(), c.autoscaleMax()));
        pool.setBounds(c.autoscaleMin(), c.autoscaleMax());
        return pool;
    }

    /** Starts Redis (when embedded), the pools, the gateway and the heartbeats; a failed start closes what it opened. */
    public synchronized void start() {
        if (started) throw new IllegalStateException("already started");
        started = true;
        try {
            RedisEndpoint endpoint = openRedis();
            store = Store.connect(endpoint);
            try {
                store.ping();
            } catch (StoreException e) {
                throw new IllegalStateException("cannot use Redis at " + endpoint + " (" + e.getMessage()
                        + "); check FLOTILLA_REDIS_URL, its password, and that the server is running");
            }
            Keys keys = new Keys(config.fleet());
            runs = new RunRecords(store, keys, config.clock(), config.runRetention(), config.maxQueueDepth());
            runs.indexOlderRuns();
            queue = new QueueStore(store, keys, config.forceLegacyReclaim() ? false : store.serverHasAutoClaim());
            deadLetters = new DeadLetterStore(store, keys, runs);
            events = new EventBus(new EventChannel(store, keys));
            metrics = new Metrics(this::busy, this::poolSize, this::queueDepth);
            history = new ResilienceHistory(new RecentEvents(store, keys, ResilienceHistory.PER_TYPE));
            events.onLocal(metrics::onEvent);
            events.onLocal(history);
            events.onLocal(resilienceCounters);
            events.onFleet(this::onFleetEvent);
            NodeModules mods = new NodeModules(config);
            kernel = Kernel.builder().nodeId(nodeId).fleet(config.fleet()).clock(config.clock()).events(events::publish).settings(config.settings())
                    .metrics(metrics.registry())
                    .scripts((name, path) -> store.script(name, path)::run).modules(mods.all()).build();
            kernel.listeners().forEach(events::onLocal);
            modules = mods;
            events.start();
            ConversationMemory memory = new ConversationMemory(new SessionStore(store, keys), config.clock(), config.sessionTtl(), 50);
            ToolRegistry tools = ToolRegistry.builtIn(config.clock());
            config.tools().forEach(tools::register);
            AgentLoop loop = new AgentLoop(kernel, providers, tools, config.clock(), events::publish, nodeId);
            executor = new RunExecutor(nodeId, agents, runs, queue, memory, kernel.runs(), loop, events, config.clock(),
                    new RunExecutor.Settings(config.queueTimeout(), config.maxDeliveries()));
            workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("run-", 0).factory());
            for (AgentPool pool : pools.values()) {
                dispatchers.add(new PoolDispatcher(pool, queue, executor, workers, nodeId, config.clock(),
                        config.reclaimAfter(), state::holdsRuns));
            }
            submitter = new RunSubmitter(nodeId, agents, runs, events, kernel.admission(), config.clock());
            readiness = new Readiness(store::ping, state, this::queueDepth, this::poolSize);
            NodeDescription description = new NodeDescription(nodeId, builtAt, model, state, pools.values(),
                    resilienceCounters, () -> demo != null && demo.enabled(), executor::inFlight,
                    () -> modules == null ? null : modules.resilience.snapshot());
            Kernel modulesKernel = kernel;
            java.util.function.Supplier<com.fasterxml.jackson.databind.node.ObjectNode> described = () -> {
                var n = description.get();
                var reported = modulesKernel.heartbeat(); // modules refresh their caches and say what the node enforces
                if (!reported.isEmpty()) n.set("modules", EventBus.JSON.valueToTree(reported));
                return n;
            };
            nodes = new NodeRegistry(new NodeHeartbeats(store, keys), nodeId, config.clock(), described, c -> commands.run(c));
            commands = new NodeCommands(nodeId, nodes, new Self());
            nodes.start();
            demo = new DemoTraffic(agents.containsKey("assistant") ? "assistant" : agents.keySet().iterator().next(),
                    config.demoInterval(), r -> submitter.submit(r.withPrincipal(DEMO)), this::queueDepth, config.demoTraffic());
            // everything that can refuse to start (a bad key file, a busy port) does so before any
            // run is taken from the queue, so a failed start never strands a run
            apiKeys = config.adminKey() != null ? ApiKeys.of(config.adminKey())
                    : ApiKeys.fromFile(Objects.requireNonNull(config.keyDir(), "no admin key and no folder to keep one").resolve("admin.key"));
            for (NodeConfig.ExtraKey k : config.apiKeys()) apiKeys = apiKeys.with(k.key(), k.name(), k.role());
            RunRequestParser parser = new RunRequestParser(config.maxInputChars());
            BodyReader bodies = BodyReader.forInput(parser.maxInputChars());
            List<Routes> routes = new ArrayList<>(ApiV1.routes(new NodeBackend(this), parser, bodies));
            routes.add(new ModuleRoutes(kernel.routes())); // what feature modules serve, each route with its role
            // the fleet's managed keys, cached here and followed every half second (a revoked key stops within a second)
            keyRing = new KeyRing(apiKeys, new ApiKeyRecords(store, keys), config.clock()).start(Duration.ofMillis(500));
            routes.add(new KeyRoutes(keyRing, kernel.audit(), parser, bodies, config.clock()));
            AccessControl access = new AccessControl(keyRing, AuthFailures.defaults(config.clock()), metrics::authFailed, kernel.audit());
            gateway = new Gateway(access, bodies, routes).tls(config.tls()).start(config.host(), config.port());
            dispatchers.forEach(PoolDispatcher::start);
            autoscaler = new Autoscaler(nodeId, pools.values(), queue::depth, events::publish, nodes::beat,
                    config.clock(), AutoscaleConfig.withCooldown(config.autoscaleCooldown()));
            autoscaler.start();
            leaseRenewer = new LeaseRenewer(executor, config.reclaimAfter());
            leaseRenewer.start();
            indexSweeper = new IndexSweeper(runs);
            indexSweeper.start();
            demo.start();
            log.info("node {} serving {}://{}:{} on {} (model: {})", nodeId, gateway.https() ? "https" : "http", config.host(), gateway.port(),
                    endpoint, model.name());
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private RedisEndpoint openRedis() {
        if (config.redisUrl() != null) return RedisEndpoint.parse(config.redisUrl());
        if (config.dataDir() != null) dataDirLock = DataDirLock.acquire(config.dataDir());
        embeddedRedis = config.dataDir() != null ? EmbeddedRedis.persistent(config.dataDir(), config.redisMaxMemory())
                : EmbeddedRedis.ephemeral(config.redisMaxMemory());
        return embeddedRedis.endpoint();
    }

    public String nodeId() { return nodeId; }

    public int port() { return gateway.port(); }

    /** True when the gateway serves HTTPS. */
    public boolean https() { return gateway.https(); }

    public String adminKey() { return apiKeys.adminKey(); }

    /** The Redis this node uses: the embedded one's, or the one it was given. */
    public RedisEndpoint redisEndpoint() {
        return embeddedRedis != null ? embeddedRedis.endpoint() : RedisEndpoint.parse(config.redisUrl());
    }

    public AgentPool pool(String agent) { return pools.get(agent); }

    /** The provider budgets model calls ask; null until started. */
    public ProviderLimits providerLimits() {
        NodeModules m = modules;
        return m == null ? null : m.rateLimits.providerLimits();
    }

    public NodeState state() { return state; }

    /**
     * Sets the autoscaling bounds of one pool of this node; {@code min == max} turns autoscaling off
     * (the size stays as it is). The autoscaler brings the size within the new bounds at its next step.
     */
    public void setBounds(String agent, int min, int max) {
        AgentPool pool = pools.get(agent);
        if (pool == null) throw new IllegalArgumentException("no agent named '" + agent + "' on node " + nodeId);
        int from = pool.size();
        pool.setBounds(min, max);
        // min == max pins the pool at that size at once: say so, as any other change of size
        if (pool.size() != from && events != null) {
            events.publish(new RuntimeEvent.PoolScaled(config.clock().instant(), nodeId, agent, from, pool.size(), "manual"));
        }
        if (autoscaler != null) autoscaler.reset(agent);
        if (nodes != null) nodes.beat();
    }

    /** Pause, drain or resume; {@code by} says who asked. */
    public void setState(String newState, String by) {
        if (!state.set(newState)) return;
        log.info("node {} is now {} ({})", nodeId, state.name(), by);
        events.publish(new RuntimeEvent.NodeStateChanged(config.clock().instant(), nodeId, state.name(), by));
        try {
            nodes.beat();
        } catch (RuntimeException e) {
            log.debug("heartbeat after a state change failed: {}", e.getMessage());
        }
    }

    /** Sets a pool's size and/or its autoscaling bounds on this node. */
    AgentPool.Snapshot scaleLocal(String agent, Integer size, Integer min, Integer max) {
        AgentPool pool = pools.get(agent);
        if (pool == null) throw new IllegalArgumentException("no agent named " + agent);
        if (min != null && max != null) setBounds(agent, min, max);
        if (size != null) {
            int from = pool.size();
            pool.scale(size);
            events.publish(new RuntimeEvent.PoolScaled(config.clock().instant(), nodeId, agent, from, pool.size(), "manual"));
        }
        nodes.beat();
        return pool.snapshot();
    }

    /** What this node does when a command reaches it. */
    private final class Self implements NodeCommands.Self {
        @Override public void setState(String s, String by) { Node.this.setState(s, by); }

        @Override public void scale(String agent, Integer size, Integer min, Integer max) { scaleLocal(agent, size, min, max); }

        @Override public boolean runs(String agent) { return pools.containsKey(agent); }

        @Override public boolean closed() { return state.closed(); }
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

    /** Runs waiting for this node's agents; 0 while Redis is unreachable. */
    long queueDepth() {
        try {
            long total = 0;
            for (String a : agents.keySet()) total += queue.depth(a);
            return total;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private int poolSize() { return pools.values().stream().mapToInt(AgentPool::size).sum(); }

    private int busy() { return pools.values().stream().mapToInt(AgentPool::busy).sum(); }

    /** Drains and stops: no new runs, runs in flight finish or go back to the queue, then all closes. */
    public synchronized void close() {
        if (state.closed()) return;
        state.closeDraining();
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
            long deadline = System.nanoTime() + config.drainTimeout().toNanos();
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
        state.close();
        if (indexSweeper != null) indexSweeper.close();
        if (leaseRenewer != null) leaseRenewer.close(); // only now: it kept in-flight runs ours through the drain
        if (autoscaler != null) autoscaler.close();
        dispatchers.forEach(PoolDispatcher::stopTaking);
        for (PoolDispatcher d : dispatchers) {
            try {
                d.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (AutoCloseable c : new AutoCloseable[] {gateway, keyRing, demo, nodes, events}) {
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
        if (kernel != null) kernel.close(); // modules write what they hold while the store is still open
        if (store != null) store.close();
        if (embeddedRedis != null) embeddedRedis.close();
        if (dataDirLock != null) dataDirLock.close();
    }
}
