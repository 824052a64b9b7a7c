package dev.flotilla.node;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.agent.ModelChains;
import dev.flotilla.runtime.agents.ConfiguredAgents;
import dev.flotilla.runtime.mcp.McpServers;
import dev.flotilla.runtime.resilience.ResilienceConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import dev.flotilla.runtime.model.SimulatedModelConfig;
import dev.flotilla.runtime.ratelimit.ProviderLimit;
import dev.flotilla.runtime.ratelimit.RateLimit;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The headless node's command line: {@code java -jar flotilla-node.jar serve --port 8080}. */
@Command(name = "flotilla-node", mixinStandardHelpOptions = true, version = "Flotilla node 0.1.0",
        description = "A headless Flotilla runtime node.",
        subcommands = {NodeMain.Serve.class, Bench.class, AuditCommand.class, ConfigCommand.class, GuardCommand.class, CommandLine.HelpCommand.class})
public final class NodeMain {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with its error handling: a configuration mistake is one line on stderr and exit code 2. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new NodeMain());
        // configuration mistakes are the operator's to fix: one clear line, no stack trace
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("flotilla-node: " + e.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("flotilla-node: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    /** The {@code FLOTILLA_*} variables of {@code env}: the settings feature modules read by name. */
    static java.util.Map<String, String> flotillaSettings(java.util.Map<String, String> env) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        env.forEach((k, v) -> { if (k.startsWith("FLOTILLA_")) out.put(k, v); });
        return out;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Runs a node: gateway on HTTP, agent pools fed from the Redis queue.",
                    "Each option can also be set by the environment variable shown.",
                    "The gateway listens on 127.0.0.1 (this machine only); --host 0.0.0.0 (FLOTILLA_HOST) listens on all interfaces.",
                    "The admin API key comes from FLOTILLA_ADMIN_KEY; when unset, one is generated and kept in "
                            + "<data-dir>/admin.key (mode 600; a key file open to others is made owner-only, with a warning).",
                    "SIGTERM drains: new runs are refused, runs in flight finish or go back to the queue.",
                    "Input guard (docs/GUARD.md): FLOTILLA_GUARD_INPUT and FLOTILLA_GUARD_TOOLS = off|flag|block (default flag),",
                    "FLOTILLA_GUARD_REDACT = off|secrets|pii (default secrets), each with _AGENTS=agent=value,...; FLOTILLA_GUARD_THRESHOLD.", ""})
    static final class Serve implements Callable<Integer> {

        @Option(names = "--port", defaultValue = "${env:FLOTILLA_PORT:-8080}", description = "HTTP port (FLOTILLA_PORT; default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--host", defaultValue = "${env:FLOTILLA_HOST:-127.0.0.1}", description = {
                "Address to listen on (FLOTILLA_HOST; default ${DEFAULT-VALUE}: this machine only).",
                "To serve other machines listen on all interfaces: --host 0.0.0.0 (or FLOTILLA_HOST=0.0.0.0)."})
        String host;

        @Option(names = "--node-id", defaultValue = "${env:FLOTILLA_NODE_ID}", description = "This node's name (FLOTILLA_NODE_ID; default: the host name).")
        String nodeId;

        @Option(names = "--fleet", defaultValue = "${env:FLOTILLA_FLEET:-default}", description = "Fleet name; nodes of one fleet share its Redis keys (FLOTILLA_FLEET; default ${DEFAULT-VALUE}).")
        String fleet;

        @Option(names = "--data-dir", defaultValue = "${env:FLOTILLA_DATA_DIR:-flotilla-data}", description = "Embedded Redis data and the generated admin key (FLOTILLA_DATA_DIR; default ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--redis-url", defaultValue = "${env:FLOTILLA_REDIS_URL}", description = {
                "External Redis, redis://[:password@]host:port (FLOTILLA_REDIS_URL; default: embedded Redis).",
                "A password here shows in the process list: give it in FLOTILLA_REDIS_URL or --redis-password-file."})
        String redisUrl;

        @Option(names = "--tls-keystore", defaultValue = "${env:FLOTILLA_TLS_KEYSTORE}", description = {
                "Serve the gateway over HTTPS only, with the key and certificate in this key store, PKCS12 or JKS (FLOTILLA_TLS_KEYSTORE).",
                "Its password comes from --tls-keystore-password-file or FLOTILLA_TLS_KEYSTORE_PASSWORD."})
        Path tlsKeyStore;

        @Option(names = "--tls-keystore-password-file", defaultValue = "${env:FLOTILLA_TLS_KEYSTORE_PASSWORD_FILE}", description = "File holding the key store's password (FLOTILLA_TLS_KEYSTORE_PASSWORD_FILE).")
        Path tlsPasswordFile;

        @Option(names = "--redis-password-file", defaultValue = "${env:FLOTILLA_REDIS_PASSWORD_FILE}", description = "File holding the external Redis's password, for a --redis-url without one (FLOTILLA_REDIS_PASSWORD_FILE).")
        Path redisPasswordFile;

        @Option(names = {"--config", "--agents-file"}, defaultValue = "${env:FLOTILLA_CONFIG}", description = {
                "Providers, MCP servers and agents in a YAML file (FLOTILLA_CONFIG); its agents replace --agents.",
                "Keys come from the variables or files it names. Check one with: flotilla-node config check FILE"})
        Path configFile;

        @Option(names = "--agents", defaultValue = "${env:FLOTILLA_AGENTS:-assistant}", description = "Agents of this node, name[:poolSize] separated by commas (FLOTILLA_AGENTS; default ${DEFAULT-VALUE}).")
        String agentList;

        @Option(names = "--pool-size", defaultValue = "${env:FLOTILLA_POOL_SIZE:-4}", description = "Default pool size of each agent (FLOTILLA_POOL_SIZE; default ${DEFAULT-VALUE}).")
        int poolSize;

        @Option(names = "--autoscale-min", defaultValue = "${env:FLOTILLA_AUTOSCALE_MIN}", description = "Autoscaling: fewest agents per pool; needs --autoscale-max (FLOTILLA_AUTOSCALE_MIN; default 1 when a max is set).")
        Integer autoscaleMin;

        @Option(names = "--autoscale-max", defaultValue = "${env:FLOTILLA_AUTOSCALE_MAX}", description = "Autoscaling: most agents per pool; each pool then scales with queue depth and busy agents (FLOTILLA_AUTOSCALE_MAX; default: off, pools keep their size).")
        Integer autoscaleMax;

        @Option(names = "--autoscale-cooldown-seconds", defaultValue = "${env:FLOTILLA_AUTOSCALE_COOLDOWN_SECONDS:-15}", description = "Autoscaling: least time between two changes of a pool; it shrinks only after twice this of low use (FLOTILLA_AUTOSCALE_COOLDOWN_SECONDS; default ${DEFAULT-VALUE}).")
        long autoscaleCooldownSeconds;

        @Option(names = "--max-input-chars", defaultValue = "${env:FLOTILLA_MAX_INPUT_CHARS:-10000}", description = "Longest accepted run input (FLOTILLA_MAX_INPUT_CHARS; default ${DEFAULT-VALUE}).")
        int maxInputChars;

        @Option(names = "--run-retention-hours", defaultValue = "${env:FLOTILLA_RUN_RETENTION_HOURS:-24}", description = "How long runs are kept (FLOTILLA_RUN_RETENTION_HOURS; default ${DEFAULT-VALUE}).")
        long retentionHours;

        @Option(names = "--session-ttl-seconds", defaultValue = "${env:FLOTILLA_SESSION_TTL_SECONDS:-3600}", description = "Conversation memory lifetime after last use (FLOTILLA_SESSION_TTL_SECONDS; default ${DEFAULT-VALUE}).")
        long sessionTtlSeconds;

        @Option(names = "--drain-timeout-seconds", defaultValue = "${env:FLOTILLA_DRAIN_TIMEOUT_SECONDS:-20}", description = "On SIGTERM, how long runs in flight may finish before they are handed back (FLOTILLA_DRAIN_TIMEOUT_SECONDS; default ${DEFAULT-VALUE}).")
        long drainSeconds;

        @Option(names = "--reclaim-after-seconds", defaultValue = "${env:FLOTILLA_RECLAIM_AFTER_SECONDS:-30}", description = "The lease of a running run: a node renews it every third of this; runs of a node silent this long are taken over by other nodes (FLOTILLA_RECLAIM_AFTER_SECONDS; default ${DEFAULT-VALUE}).")
        long reclaimAfterSeconds;

        @Option(names = "--max-deliveries", defaultValue = "${env:FLOTILLA_MAX_DELIVERIES:-3}", description = "Failed deliveries (its node died, the runtime failed on it) after which a run becomes a dead letter (FLOTILLA_MAX_DELIVERIES; default ${DEFAULT-VALUE}).")
        int maxDeliveries;

        // the store's limits (issue 7)
        @Option(names = "--max-queue-depth", defaultValue = "${env:FLOTILLA_MAX_QUEUE_DEPTH:-100000}", description = "Runs of one agent in line (waiting or running) at which new ones are refused with 503 queue_full (FLOTILLA_MAX_QUEUE_DEPTH; default ${DEFAULT-VALUE}).")
        long maxQueueDepth;

        @Option(names = "--redis-maxmemory-mb", defaultValue = "${env:FLOTILLA_REDIS_MAXMEMORY_MB:-512}", description = "Memory cap of the embedded Redis in MiB, at least 4; at the cap new runs get 503 store_full (FLOTILLA_REDIS_MAXMEMORY_MB; default ${DEFAULT-VALUE}; an external Redis keeps its own maxmemory).")
        long redisMaxMemoryMb;

        @Option(names = "--sim-latency-ms", defaultValue = "${env:FLOTILLA_SIM_LATENCY_MS:-400}", description = "Simulated model: median latency (FLOTILLA_SIM_LATENCY_MS; default ${DEFAULT-VALUE}).")
        long simLatencyMs;

        @Option(names = "--sim-latency-spread", defaultValue = "${env:FLOTILLA_SIM_LATENCY_SPREAD:-0.5}", description = "Simulated model: sigma of the log-normal latency, 0 = always the median (FLOTILLA_SIM_LATENCY_SPREAD; default ${DEFAULT-VALUE}).")
        double simLatencySpread;

        @Option(names = "--sim-error-rate", defaultValue = "${env:FLOTILLA_SIM_ERROR_RATE:-0.02}", description = "Simulated model: share of calls that fail, 0..1 (FLOTILLA_SIM_ERROR_RATE; default ${DEFAULT-VALUE}).")
        double simErrorRate;

        @Option(names = "--sim-model-errors", defaultValue = "${env:FLOTILLA_SIM_MODEL_ERRORS:-}", description = "Simulated model: error rate of single models, e.g. primary=1,fallback=0 (FLOTILLA_SIM_MODEL_ERRORS; others use --sim-error-rate).")
        String simModelErrors;

        @Option(names = "--models", defaultValue = "${env:FLOTILLA_MODELS:-}", description = "Model chain per agent, primary first: assistant=simulated/primary,simulated/fallback;triage=simulated/fast (FLOTILLA_MODELS; default for every agent: simulated/primary,simulated/fallback).")
        String models;

        @Option(names = "--run-timeout-seconds", defaultValue = "${env:FLOTILLA_RUN_TIMEOUT_SECONDS:-120}", description = "A run's deadline from its start on an agent; retries and fallbacks stop there (FLOTILLA_RUN_TIMEOUT_SECONDS; default ${DEFAULT-VALUE}).")
        long runTimeoutSeconds;

        @Option(names = "--max-attempts", defaultValue = "${env:FLOTILLA_MAX_ATTEMPTS:-3}", description = "Calls of one model per step before falling back, first included (FLOTILLA_MAX_ATTEMPTS; default ${DEFAULT-VALUE}).")
        int maxAttempts;

        @Option(names = "--retry-base-ms", defaultValue = "${env:FLOTILLA_RETRY_BASE_MS:-100}", description = "Backoff: retry n waits a random time up to base*2^(n-1) (FLOTILLA_RETRY_BASE_MS; default ${DEFAULT-VALUE}).")
        long retryBaseMs;

        @Option(names = "--retry-max-ms", defaultValue = "${env:FLOTILLA_RETRY_MAX_MS:-5000}", description = "Backoff: the longest wait between retries; a provider's Retry-After overrides it (FLOTILLA_RETRY_MAX_MS; default ${DEFAULT-VALUE}).")
        long retryMaxMs;

        @Option(names = "--call-timeout-seconds", defaultValue = "${env:FLOTILLA_CALL_TIMEOUT_SECONDS:-60}", description = "Longest single model call (FLOTILLA_CALL_TIMEOUT_SECONDS; default ${DEFAULT-VALUE}).")
        long callTimeoutSeconds;

        @Option(names = "--breaker-window", defaultValue = "${env:FLOTILLA_BREAKER_WINDOW:-20}", description = "Circuit breaker per model: judged over its last N calls (FLOTILLA_BREAKER_WINDOW; default ${DEFAULT-VALUE}).")
        int breakerWindow;

        @Option(names = "--breaker-min-calls", defaultValue = "${env:FLOTILLA_BREAKER_MIN_CALLS:-10}", description = "Circuit breaker: calls needed before it judges (FLOTILLA_BREAKER_MIN_CALLS; default ${DEFAULT-VALUE}).")
        int breakerMinCalls;

        @Option(names = "--breaker-failure-rate", defaultValue = "${env:FLOTILLA_BREAKER_FAILURE_RATE:-50}", description = "Circuit breaker: opens at this percentage of failed calls (FLOTILLA_BREAKER_FAILURE_RATE; default ${DEFAULT-VALUE}).")
        float breakerFailureRate;

        @Option(names = "--breaker-slow-rate", defaultValue = "${env:FLOTILLA_BREAKER_SLOW_RATE:-80}", description = "Circuit breaker: opens at this percentage of slow calls (FLOTILLA_BREAKER_SLOW_RATE; default ${DEFAULT-VALUE}).")
        float breakerSlowRate;

        @Option(names = "--breaker-slow-call-ms", defaultValue = "${env:FLOTILLA_BREAKER_SLOW_CALL_MS:-10000}", description = "Circuit breaker: a call slower than this is slow (FLOTILLA_BREAKER_SLOW_CALL_MS; default ${DEFAULT-VALUE}).")
        long breakerSlowCallMs;

        @Option(names = "--breaker-open-seconds", defaultValue = "${env:FLOTILLA_BREAKER_OPEN_SECONDS:-30}", description = "Circuit breaker: how long it stays open before probing (FLOTILLA_BREAKER_OPEN_SECONDS; default ${DEFAULT-VALUE}).")
        long breakerOpenSeconds;

        @Option(names = "--breaker-half-open-calls", defaultValue = "${env:FLOTILLA_BREAKER_HALF_OPEN_CALLS:-3}", description = "Circuit breaker: probe calls let through when half-open (FLOTILLA_BREAKER_HALF_OPEN_CALLS; default ${DEFAULT-VALUE}).")
        int breakerHalfOpenCalls;

        @Option(names = "--bulkhead-max-calls", defaultValue = "${env:FLOTILLA_BULKHEAD_MAX_CALLS:-1024}", description = "Concurrent calls per model provider (FLOTILLA_BULKHEAD_MAX_CALLS; default ${DEFAULT-VALUE}).")
        int bulkheadMaxCalls;

        @Option(names = "--bulkhead-wait-ms", defaultValue = "${env:FLOTILLA_BULKHEAD_WAIT_MS:-500}", description = "How long a call waits for a provider slot before it is retried (FLOTILLA_BULKHEAD_WAIT_MS; default ${DEFAULT-VALUE}).")
        long bulkheadWaitMs;

        @Option(names = "--demo-traffic", defaultValue = "${env:FLOTILLA_DEMO_TRAFFIC:-false}", description = "Send a trickle of demo runs (FLOTILLA_DEMO_TRAFFIC; default ${DEFAULT-VALUE}).")
        boolean demoTraffic;

        @Option(names = "--key-rate-per-min", defaultValue = "${env:FLOTILLA_KEY_RATE_PER_MIN:-0}", description = "Runs each API key may submit a minute, fleet-wide; 0 = no limit (FLOTILLA_KEY_RATE_PER_MIN; default ${DEFAULT-VALUE}).")
        long keyRatePerMin;

        @Option(names = "--key-burst", defaultValue = "${env:FLOTILLA_KEY_BURST:-0}", description = "Runs a key that was quiet may submit at once; 0 = one minute's worth (FLOTILLA_KEY_BURST; default ${DEFAULT-VALUE}).")
        long keyBurst;

        @Option(names = "--agent-rate-per-min", defaultValue = "${env:FLOTILLA_AGENT_RATE_PER_MIN:-0}", description = "Runs each agent may be sent a minute, fleet-wide, by all keys together; 0 = no limit (FLOTILLA_AGENT_RATE_PER_MIN; default ${DEFAULT-VALUE}).")
        long agentRatePerMin;

        @Option(names = "--agent-burst", defaultValue = "${env:FLOTILLA_AGENT_BURST:-0}", description = "Runs an agent may be sent at once after a quiet spell; 0 = one minute's worth (FLOTILLA_AGENT_BURST; default ${DEFAULT-VALUE}).")
        long agentBurst;

        @Option(names = "--provider-limits", defaultValue = "${env:FLOTILLA_PROVIDER_LIMITS}", description = "Fleet-wide budgets toward model providers, provider/model=rpm:N,tpm:N (also rpm-burst:N, tpm-burst:N; model * for every model of a provider), entries separated by ';' (FLOTILLA_PROVIDER_LIMITS; default: none).")
        String providerLimits;

        @Option(names = "--log-format", defaultValue = "${env:FLOTILLA_LOG_FORMAT:-auto}", description = {
                "Log lines as text or json (one JSON object a line with node_id, and run_id, trace_id, span_id within a run);",
                "auto: json when stderr is not a terminal (FLOTILLA_LOG_FORMAT; default ${DEFAULT-VALUE})."})
        String logFormat;

        @Option(names = "--pushgateway-url", defaultValue = "${env:FLOTILLA_PUSHGATEWAY_URL}", description = {
                "Push this node's metrics to a Prometheus Pushgateway, http://host:port, every --push-interval-seconds and at",
                "shutdown, as job flotilla and instance <node id> (FLOTILLA_PUSHGATEWAY_URL; default: no push)."})
        String pushgatewayUrl;

        @Option(names = "--push-interval-seconds", defaultValue = "${env:FLOTILLA_PUSH_INTERVAL_SECONDS:-15}", description = "How often metrics are pushed (FLOTILLA_PUSH_INTERVAL_SECONDS; default ${DEFAULT-VALUE}).")
        int pushIntervalSeconds;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            LogFormat.apply(logFormat, nodeId != null && !nodeId.isBlank() ? nodeId : hostName());
            String redis = RedisUrls.resolve(redisUrl, spec.commandLine().getParseResult().hasMatchedOption("--redis-url"),
                    redisPasswordFile, err);
            String id = nodeId != null && !nodeId.isBlank() ? nodeId : hostName();
            if (maxQueueDepth < 1) throw new IllegalArgumentException("--max-queue-depth (FLOTILLA_MAX_QUEUE_DEPTH) must be at least 1: " + maxQueueDepth);
            if (redisMaxMemoryMb < 4 || redisMaxMemoryMb > 1L << 30) {
                throw new IllegalArgumentException("--redis-maxmemory-mb (FLOTILLA_REDIS_MAXMEMORY_MB) must be from 4 to 2^30: " + redisMaxMemoryMb);
            }
            FleetRuntime.Builder b = FleetRuntime.builder()
                    .nodeId(id).fleet(fleet).host(host).port(port)
                    .poolSize(poolSize).maxInputChars(maxInputChars)
                    .runRetention(Duration.ofHours(retentionHours)).sessionTtl(Duration.ofSeconds(sessionTtlSeconds))
                    .drainTimeout(Duration.ofSeconds(drainSeconds)).demoTraffic(demoTraffic)
                    .reclaimAfter(Duration.ofSeconds(reclaimAfterSeconds))
                    .maxDeliveries(maxDeliveries)
                    .maxQueueDepth(maxQueueDepth).redisMaxMemory(redisMaxMemoryMb * 1024 * 1024)
                    .settings(flotillaSettings(System.getenv())) // feature modules read theirs (e.g. FLOTILLA_GUARD_INPUT)
                    .simulatedModel(SimulatedModelConfig.defaults()
                            .withMedianLatency(Duration.ofMillis(simLatencyMs)).withLatencySpread(simLatencySpread)
                            .withErrorRate(simErrorRate))
                    .adminKeyDir(dataDir)
                    .resilience(resilience())
                    .keyRateLimit(RateLimit.fromSettings("--key-rate-per-min (FLOTILLA_KEY_RATE_PER_MIN)", keyRatePerMin,
                            "--key-burst (FLOTILLA_KEY_BURST)", keyBurst).orElse(null))
                    .agentRateLimit(RateLimit.fromSettings("--agent-rate-per-min (FLOTILLA_AGENT_RATE_PER_MIN)", agentRatePerMin,
                            "--agent-burst (FLOTILLA_AGENT_BURST)", agentBurst).orElse(null))
                    .providerLimits(providerLimits == null ? "" : providerLimits)
                    .pushgateway(pushgatewayUrl == null || pushgatewayUrl.isBlank() ? null : pushgatewayUrl.trim(),
                            Duration.ofSeconds(pushIntervalSeconds));
            simModelErrors(simModelErrors).forEach((model, rate) ->
                    b.simulatedModel(model, SimulatedModelConfig.defaults().withMedianLatency(Duration.ofMillis(simLatencyMs))
                            .withLatencySpread(simLatencySpread).withErrorRate(rate)));
            Duration runTimeout = Duration.ofSeconds(runTimeoutSeconds);
            McpServers mcp = null;
            if (configFile != null) {
                // the file's agents, providers and MCP tools; --models and --run-timeout-seconds, when given, still override
                ConfiguredAgents configured = ConfiguredAgents.start(configFile, System.getenv(), poolSize);
                mcp = configured.mcp();
                configured.providers().forEach(b::provider);
                configured.mcp().tools().forEach(b::tool);
                boolean timeoutGiven = spec.commandLine().getParseResult().hasMatchedOption("--run-timeout-seconds")
                        || System.getenv("FLOTILLA_RUN_TIMEOUT_SECONDS") != null;
                ModelChains.apply(configured.agents(), models).forEach(a -> b.agent(timeoutGiven ? a.withRunTimeout(runTimeout) : a));
            } else {
                ModelChains.apply(AgentDefinition.parseList(agentList, poolSize), models)
                        .forEach(a -> b.agent(a.withRunTimeout(runTimeout)));
            }
            autoscale(b);
            String key = System.getenv("FLOTILLA_ADMIN_KEY");
            if (key != null && !key.isBlank()) b.adminKey(key.trim());
            else AdminKeyFile.secure(dataDir.resolve("admin.key"), err);
            if (redis != null) b.redisUrl(redis);
            else b.dataDir(dataDir);
            if (tlsKeyStore != null) b.tls(new dev.flotilla.runtime.api.GatewayTls(tlsKeyStore, tlsPassword()));
            FleetRuntime runtime;
            try {
                runtime = b.build().start();
            } catch (RuntimeException e) {
                if (mcp != null) mcp.close();
                throw e;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            McpServers mcpServers = mcp;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                runtime.close();
                if (mcpServers != null) mcpServers.close(); // after the drain: runs in flight may still call their tools
                stopped.countDown();
            }, "drain"));
            System.out.println("Flotilla node " + id + " ready on " + runtime.baseUrl().replace("127.0.0.1", host)
                    + (key == null || key.isBlank() ? " (admin key in " + dataDir.resolve("admin.key").toAbsolutePath() + ")" : ""));
            stopped.await();
            return 0;
        }

        /** The key store's password: from its file, else FLOTILLA_TLS_KEYSTORE_PASSWORD; never from a flag (the process list shows flags). */
        private String tlsPassword() throws java.io.IOException {
            if (tlsPasswordFile != null) return java.nio.file.Files.readString(tlsPasswordFile).strip();
            String env = System.getenv("FLOTILLA_TLS_KEYSTORE_PASSWORD");
            if (env == null) throw new IllegalArgumentException("--tls-keystore needs its password: --tls-keystore-password-file or FLOTILLA_TLS_KEYSTORE_PASSWORD");
            return env;
        }

        private ResilienceConfig resilience() {
            return ResilienceConfig.builder()
                    .maxAttempts(maxAttempts)
                    .backoff(Duration.ofMillis(retryBaseMs), Duration.ofMillis(retryMaxMs))
                    .callTimeout(Duration.ofSeconds(callTimeoutSeconds))
                    .breakerWindow(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED, breakerWindow)
                    .breakerMinimumCalls(breakerMinCalls)
                    .failureRateThreshold(breakerFailureRate)
                    .slowCalls(breakerSlowRate, Duration.ofMillis(breakerSlowCallMs))
                    .openWait(Duration.ofSeconds(breakerOpenSeconds))
                    .halfOpenCalls(breakerHalfOpenCalls)
                    .bulkhead(bulkheadMaxCalls, Duration.ofMillis(bulkheadWaitMs))
                    .build();
        }

        /** {@code primary=1,fallback=0.1}: error rates of single simulated models. */
        static java.util.Map<String, Double> simModelErrors(String spec) {
            java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
            for (String item : spec == null ? new String[0] : spec.split(",")) {
                if (item.isBlank()) continue;
                String[] kv = item.split("=", -1);
                if (kv.length != 2 || kv[0].isBlank()) {
                    throw new IllegalArgumentException("--sim-model-errors entries are model=rate, e.g. primary=1: '" + item.trim() + "'");
                }
                try {
                    out.put(kv[0].trim(), Double.valueOf(kv[1].trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("error rate of simulated model '" + kv[0].trim() + "' is not a number: " + kv[1].trim());
                }
            }
            return out;
        }

        private void autoscale(FleetRuntime.Builder b) {
            if (autoscaleCooldownSeconds < 1) {
                throw new IllegalArgumentException("--autoscale-cooldown-seconds must be at least 1: " + autoscaleCooldownSeconds);
            }
            b.autoscaleCooldown(Duration.ofSeconds(autoscaleCooldownSeconds));
            if (autoscaleMax != null) b.autoscale(autoscaleMin != null ? autoscaleMin : 1, autoscaleMax);
            else if (autoscaleMin != null) throw new IllegalArgumentException("--autoscale-min needs --autoscale-max (FLOTILLA_AUTOSCALE_MAX) too");
        }

        private static String hostName() {
            try {
                String h = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "-");
                return h.isEmpty() ? "node" : h.substring(0, Math.min(64, h.length()));
            } catch (Exception e) {
                return "node";
            }
        }
    }
}
