package dev.flotilla.runtime.kernel;

import dev.flotilla.runtime.telemetry.RuntimeEvent;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's modules, registered once, and the four chains built from them: admission (a run
 * accepted at submission), runs (a run executing here), model calls and tool calls. Besides the
 * chains it keeps what modules registered for the rest of the node: routes for the gateway to
 * mount, listeners for the event bus, scripts for the store. Immutable once built; thread-safe.
 *
 * <p>Within a chain interceptors sit by stage (outermost first, see each interceptor's
 * {@code Stage}), then in the order modules registered them. The node supplies each chain's
 * terminal where it invokes the chain.
 */
public final class Kernel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Kernel.class);

    /** A script a module registered: its name, its class-path resource, and the module's name. */
    public record Script(String module, String name, String resourcePath) {}

    private final List<String> modules;
    private final AdmissionChain admission;
    private final RunChain runs;
    private final ModelCallChain modelCalls;
    private final ToolCallChain toolCalls;
    private final List<RouteSpec> routes;
    private final List<Consumer<RuntimeEvent>> listeners;
    private final List<Script> scripts;
    private final AuditTrail audit;
    private final List<ToolOffer> toolOffers;
    private final Map<String, Heartbeat> heartbeats;
    private final List<AutoCloseable> closing;

    private Kernel(Registrar r) {
        this.modules = List.copyOf(r.moduleNames);
        this.admission = new AdmissionChain(r.admission.ordered());
        this.runs = new RunChain(r.runs.ordered());
        this.modelCalls = new ModelCallChain(r.modelCalls.ordered());
        this.toolCalls = new ToolCallChain(r.toolCalls.ordered());
        this.routes = List.copyOf(r.routes);
        this.listeners = List.copyOf(r.listeners);
        this.scripts = List.copyOf(r.scripts);
        this.audit = r.audit;
        this.toolOffers = List.copyOf(r.toolOffers);
        this.heartbeats = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(r.heartbeats));
        this.closing = List.copyOf(r.closing.reversed());
    }

    /** Closes what modules asked to close with the node ({@link ModuleContext#onClose}), newest first; never throws. */
    @Override
    public void close() {
        for (AutoCloseable c : closing) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", c, e.toString());
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The names of the registered modules, in registration order. */
    public List<String> modules() { return modules; }

    public AdmissionChain admission() { return admission; }

    public RunChain runs() { return runs; }

    public ModelCallChain modelCalls() { return modelCalls; }

    public ToolCallChain toolCalls() { return toolCalls; }

    /** Every module's routes, for the gateway to mount (with their roles). */
    public List<RouteSpec> routes() { return routes; }

    /** Every module's event listeners, each guarded so it cannot throw, for the node's event bus. */
    public List<Consumer<RuntimeEvent>> listeners() { return listeners; }

    public List<Script> scripts() { return scripts; }

    /** The audit log's keeper (a module's), or one that drops entries when no module keeps one. */
    public AuditTrail audit() { return audit; }

    /** The tools of {@code tools} that {@code run}'s model may be offered, after every module's filter. */
    public List<String> offeredTools(RunScope run, List<String> tools) {
        List<String> offered = tools;
        for (ToolOffer f : toolOffers) offered = f.offer(run, offered);
        return offered;
    }

    /**
     * Runs every module's heartbeat and returns what each reports, by module name (modules that
     * report nothing are left out); a module whose heartbeat throws is logged and left out.
     */
    public Map<String, Map<String, Object>> heartbeat() {
        if (heartbeats.isEmpty()) return Map.of();
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        heartbeats.forEach((module, h) -> {
            try {
                Map<String, Object> fields = h.beat();
                if (fields != null && !fields.isEmpty()) out.put(module, fields);
            } catch (RuntimeException e) {
                log.warn("heartbeat of module {} failed: {}", module, e.toString());
            }
        });
        return out;
    }

    /** What the node gives its modules; every setting has a default that suits tests. */
    public static final class Builder {
        private String nodeId = "local";
        private String fleet = "default";
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.REAL;
        private Settings settings = Settings.none();
        private Consumer<RuntimeEvent> events = e -> { };
        private PrometheusRegistry metrics = new PrometheusRegistry();
        private FleetScript.Loader scripts = FleetScript.Loader.NONE;
        private final List<FleetModule> modules = new ArrayList<>();

        private Builder() {}

        public Builder nodeId(String v) { nodeId = Objects.requireNonNull(v, "nodeId is null"); return this; }

        /** The fleet whose Redis keys modules use (see {@link ModuleContext#fleetKey}). */
        public Builder fleet(String v) {
            if (v == null || !v.matches("[A-Za-z0-9_.-]{1,64}")) throw new IllegalArgumentException("fleet name must be 1-64 of [A-Za-z0-9_.-]: " + v);
            fleet = v;
            return this;
        }

        public Builder clock(Clock v) { clock = Objects.requireNonNull(v, "clock is null"); return this; }

        public Builder sleeper(Sleeper v) { sleeper = Objects.requireNonNull(v, "sleeper is null"); return this; }

        public Builder settings(Settings v) { settings = Objects.requireNonNull(v, "settings is null"); return this; }

        /** Where modules publish events (a node passes its event bus). */
        public Builder events(Consumer<RuntimeEvent> v) { events = Objects.requireNonNull(v, "events is null"); return this; }

        /** Where modules register their metrics (a node passes the registry its {@code /metrics} scrapes). */
        public Builder metrics(PrometheusRegistry v) { metrics = Objects.requireNonNull(v, "metrics is null"); return this; }

        /** How registered scripts become runnable (a node passes its store). */
        public Builder scripts(FleetScript.Loader v) { scripts = Objects.requireNonNull(v, "scripts is null"); return this; }


        /** A module, registered in the order given. */
        public Builder module(FleetModule v) { modules.add(Objects.requireNonNull(v, "module is null")); return this; }

        public Builder modules(List<? extends FleetModule> v) { v.forEach(this::module); return this; }

        /** Registers every module, once, and builds the chains. */
        public Kernel build() {
            Registrar registrar = new Registrar(this);
            for (FleetModule m : modules) registrar.register(m);
            Kernel kernel = new Kernel(registrar);
            log.debug("kernel of node {}: modules {}", nodeId, kernel.modules());
            return kernel;
        }
    }

    /** The node's audit trail: forwards to the keeper once one registered; drops entries before that. */
    private static final class Forwarding implements AuditTrail {
        private volatile AuditTrail target = AuditTrail.NONE;

        void to(AuditTrail keeper) { target = keeper; }

        @Override public void record(AuditEntry entry) { target.record(entry); }
    }

    /** Interceptors of one chain by stage, each stage in registration order. */
    private static final class Staged<S extends Enum<S>, I> {
        private final Map<S, List<I>> byStage;

        Staged(Class<S> stages) {
            byStage = new EnumMap<>(stages);
        }

        void add(S stage, I interceptor) {
            Objects.requireNonNull(stage, "stage is null");
            Objects.requireNonNull(interceptor, "interceptor is null");
            byStage.computeIfAbsent(stage, s -> new ArrayList<>()).add(interceptor);
        }

        List<I> ordered() {
            List<I> all = new ArrayList<>();
            byStage.values().forEach(all::addAll); // an EnumMap iterates in the stages' order
            return all;
        }
    }

    /** Collects what modules register; one context per module, so registrations carry its name. */
    private static final class Registrar {
        private final Builder b;
        private final List<String> moduleNames = new ArrayList<>();
        private final Staged<AdmissionInterceptor.Stage, AdmissionInterceptor> admission = new Staged<>(AdmissionInterceptor.Stage.class);
        private final Staged<RunInterceptor.Stage, RunInterceptor> runs = new Staged<>(RunInterceptor.Stage.class);
        private final Staged<ModelCallInterceptor.Stage, ModelCallInterceptor> modelCalls = new Staged<>(ModelCallInterceptor.Stage.class);
        private final Staged<ToolCallInterceptor.Stage, ToolCallInterceptor> toolCalls = new Staged<>(ToolCallInterceptor.Stage.class);
        private final List<RouteSpec> routes = new ArrayList<>();
        private final Set<String> routeKeys = new HashSet<>();
        private final List<Consumer<RuntimeEvent>> listeners = new ArrayList<>();
        private final List<Script> scripts = new ArrayList<>();
        private final List<ToolOffer> toolOffers = new ArrayList<>();
        private final Map<String, Heartbeat> heartbeats = new java.util.LinkedHashMap<>();
        private final List<AutoCloseable> closing = new ArrayList<>();
        private String auditKeeper;
        // handed to every module; forwards to the keeper once one registers
        private final Forwarding audit = new Forwarding();

        Registrar(Builder b) {
            this.b = b;
        }

        void register(FleetModule module) {
            String name = Objects.requireNonNull(module.name(), "a module without a name: " + module);
            if (moduleNames.contains(name)) throw new IllegalArgumentException("module registered twice: " + name);
            moduleNames.add(name);
            Context ctx = new Context(name);
            try {
                module.register(ctx);
            } finally {
                ctx.open = false;
            }
        }

        private final class Context implements ModuleContext, Routes {
            private final String module;
            private boolean open = true;

            Context(String module) {
                this.module = module;
            }

            private void requireOpen() {
                if (!open) throw new IllegalStateException("module " + module + " registered after its register() returned");
            }

            @Override public String nodeId() { return b.nodeId; }

            @Override public Clock clock() { return b.clock; }

            @Override public Sleeper sleeper() { return b.sleeper; }

            @Override public Settings settings() { return b.settings; }

            @Override public Consumer<RuntimeEvent> events() { return b.events; }

            @Override public AuditTrail audit() { return audit; }

            @Override public PrometheusRegistry metrics() { return b.metrics; }

            @Override
            public void onClose(AutoCloseable resource) {
                requireOpen();
                closing.add(Objects.requireNonNull(resource, "resource is null"));
            }

            @Override
            public void keepAuditTrail(AuditTrail keeper) {
                requireOpen();
                Objects.requireNonNull(keeper, "keeper is null");
                if (auditKeeper != null) throw new IllegalArgumentException("module " + module
                        + " would keep the audit log, but module " + auditKeeper + " already does");
                auditKeeper = module;
                String owner = module;
                audit.to(entry -> {
                    try {
                        keeper.record(entry);
                    } catch (RuntimeException e) {
                        log.warn("audit keeper {} failed on {}: {}", owner, entry.action(), e.toString());
                    }
                });
            }

            @Override
            public String fleetKey(String name) {
                if (name == null || name.isEmpty()) throw new IllegalArgumentException("empty key name from module " + module);
                // the prefix of every key of the fleet (redis.Keys): one hash tag, so scripts may span keys
                return "flotilla:{" + b.fleet + "}:" + name;
            }

            @Override
            public FleetScript script(String name, String resourcePath) {
                requireOpen();
                Objects.requireNonNull(name, "script name is null");
                Objects.requireNonNull(resourcePath, "resource path of script " + name + " is null");
                for (Script s : scripts) {
                    if (s.name().equals(name)) throw new IllegalArgumentException("script " + name + " of module " + module
                            + " is already registered by module " + s.module());
                }
                scripts.add(new Script(module, name, resourcePath));
                return b.scripts.load(name, resourcePath);
            }

            @Override
            public void interceptAdmission(AdmissionInterceptor.Stage stage, AdmissionInterceptor interceptor) {
                requireOpen();
                admission.add(stage, interceptor);
            }

            @Override
            public void interceptRuns(RunInterceptor.Stage stage, RunInterceptor interceptor) {
                requireOpen();
                runs.add(stage, interceptor);
            }

            @Override
            public void interceptModelCalls(ModelCallInterceptor.Stage stage, ModelCallInterceptor interceptor) {
                requireOpen();
                modelCalls.add(stage, interceptor);
            }

            @Override
            public void interceptToolCalls(ToolCallInterceptor.Stage stage, ToolCallInterceptor interceptor) {
                requireOpen();
                toolCalls.add(stage, interceptor);
            }

            @Override
            public void filterOfferedTools(ToolOffer filter) {
                requireOpen();
                toolOffers.add(Objects.requireNonNull(filter, "filter is null"));
            }

            @Override
            public void onHeartbeat(Heartbeat heartbeat) {
                requireOpen();
                Objects.requireNonNull(heartbeat, "heartbeat is null");
                if (heartbeats.putIfAbsent(module, heartbeat) != null) {
                    throw new IllegalArgumentException("module " + module + " registered a heartbeat twice");
                }
            }

            @Override public Routes routes() { return this; }

            @Override public Routes get(String path, OperatorRole role, Handler h) { return route(HandlerType.GET, path, role, h); }

            @Override public Routes post(String path, OperatorRole role, Handler h) { return route(HandlerType.POST, path, role, h); }

            @Override public Routes put(String path, OperatorRole role, Handler h) { return route(HandlerType.PUT, path, role, h); }

            @Override public Routes delete(String path, OperatorRole role, Handler h) { return route(HandlerType.DELETE, path, role, h); }

            private Routes route(HandlerType method, String path, OperatorRole role, Handler handler) {
                requireOpen();
                RouteSpec spec = new RouteSpec(module, method, path, role, handler);
                if (!routeKeys.add(method + " " + path)) throw new IllegalArgumentException("route " + method + " " + path
                        + " of module " + module + " is already registered");
                routes.add(spec);
                return this;
            }

            @Override
            public void onEvent(Consumer<RuntimeEvent> listener) {
                requireOpen();
                Objects.requireNonNull(listener, "listener is null");
                String owner = module;
                listeners.add(event -> {
                    try {
                        listener.accept(event);
                    } catch (RuntimeException e) {
                        // a listener's trouble must not reach whoever published
                        log.warn("listener of module {} failed on {}: {}", owner, event.type(), e.toString());
                    }
                });
            }
        }
    }
}
