package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.fleet.DataDirLock;
import dev.flotilla.runtime.model.SimulatedModelConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet the console runs itself: an embedded node with its own Redis kept in the data folder,
 * the simulated model and demo traffic, so every page is alive on the first launch. The console
 * then talks to it over HTTP like to any other fleet.
 *
 * <p>One node per data folder: while it runs, its address is in {@link #ADDRESS_FILE} beside its
 * {@code admin.key} (both owner-only), so a second console started on the same folder attaches to
 * it instead of failing; an attached fleet is the other console's to close.
 */
public final class LocalFleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalFleet.class);
    public static final String ID = "local";
    public static final String NAME = "Local fleet";
    /** The running local node's address, written beside {@link #KEY_FILE} while it runs. */
    public static final String ADDRESS_FILE = "local-node.json";
    static final String KEY_FILE = "admin.key";

    private final FleetRuntime runtime;
    private final FleetTarget target;
    private final Path addressFile;
    private boolean closed;

    private LocalFleet(FleetRuntime runtime, FleetTarget target, Path addressFile) {
        this.runtime = runtime;
        this.target = target;
        this.addressFile = addressFile;
    }

    /** What {@link #ADDRESS_FILE} holds: where the node listens, and which process runs it. */
    record Address(String url, @JsonProperty("node_id") String nodeId, long pid) {}

    /** Starts the node on a background thread, as it was left ({@code settings}); the future fails with a message for the operator. */
    public static CompletableFuture<LocalFleet> start(Path dataDir, LocalFleetSettings settings) {
        CompletableFuture<LocalFleet> result = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("local-fleet-start").start(() -> {
            try {
                Optional<LocalFleet> running = runningElsewhere(dataDir);
                result.complete(running.isPresent() ? running.get() : ownOrAttached(dataDir, settings));
            } catch (RuntimeException | Error e) {
                log.error("the local fleet did not start", e);
                String why = e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + e.getMessage() + ")";
                result.completeExceptionally(new LocalFleetException("the local fleet did not start" + why
                        + "; the console's log has the details, and its data is in " + dataDir, e));
            }
        });
        return result;
    }

    public static CompletableFuture<LocalFleet> start(Path dataDir) {
        return start(dataDir, LocalFleetSettings.NONE);
    }

    /** Another console may have taken the folder since it was found free: then this one attaches to it. */
    private static LocalFleet ownOrAttached(Path dataDir, LocalFleetSettings settings) {
        try {
            return own(dataDir, settings);
        } catch (IllegalStateException e) {
            return runningElsewhere(dataDir).orElseThrow(() -> e);
        }
    }

    private static LocalFleet own(Path dataDir, LocalFleetSettings settings) {
        FleetRuntime rt = FleetRuntime.builder().dataDir(dataDir)
                .demoTraffic(settings.demoTraffic() == null || settings.demoTraffic())
                .simulatedModel(SimulatedModelConfig.fromEnvironment(System.getenv())) // FLOTILLA_SIM_*, as on any node
                .keyRateLimit(keyRateLimit(System.getenv()).orElse(null))
                .build().start();
        try {
            settings.pools().forEach((agent, pool) -> apply(rt, agent, pool));
            Path addressFile = dataDir.resolve(ADDRESS_FILE);
            Address address = new Address(rt.baseUrl(), rt.nodeId(), ProcessHandle.current().pid());
            OwnerOnlyFiles.write(addressFile, Json.MAPPER.writeValueAsBytes(address));
            return new LocalFleet(rt, target(NAME, rt.baseUrl(), rt.adminKey()), addressFile);
        } catch (IOException | RuntimeException e) {
            rt.close();
            throw new IllegalStateException("could not write " + ADDRESS_FILE + " in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** A pool as the operator left it; a value the node refuses is skipped with a warning, never a failed start. */
    private static void apply(FleetRuntime rt, String agent, LocalFleetSettings.Pool pool) {
        if (rt.pool(agent) == null) return; // an agent this version no longer has
        try {
            rt.pool(agent).scale(pool.size());
            // second: setting the bounds also tells the fleet at once (a heartbeat), size included
            if (pool.min() != null && pool.max() != null) {
                // without autoscaling the bounds are the size (a node of before may have reported them apart)
                boolean autoscale = pool.min() < pool.max();
                rt.setBounds(agent, autoscale ? pool.min() : pool.size(), autoscale ? pool.max() : pool.size());
            }
        } catch (IllegalArgumentException e) {
            log.warn("kept pool {} as it starts: {}", agent, e.getMessage());
        }
    }

    /**
     * The local fleet another console (or a node) on {@code dataDir} runs now, when there is one:
     * it holds the folder's lock and has written its address and key. Empty when the folder is free.
     *
     * @throws IllegalStateException when the folder is taken but gives no address to attach to
     */
    static Optional<LocalFleet> runningElsewhere(Path dataDir) {
        try (DataDirLock free = DataDirLock.acquire(dataDir)) {
            return Optional.empty(); // released at once: this console's own node takes it next
        } catch (IllegalStateException taken) {
            Address a = readAddress(dataDir).orElseThrow(() -> taken);
            if (ProcessHandle.of(a.pid()).map(p -> !p.isAlive()).orElse(true)) throw taken; // a stale file of a console that died
            String key;
            try {
                key = Files.readString(dataDir.resolve(KEY_FILE), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalStateException("another console runs the local fleet in " + dataDir
                        + ", but its key cannot be read: " + e.getMessage(), e);
            }
            log.info("attaching to the local fleet another console runs at {}", a.url());
            return Optional.of(new LocalFleet(null, target(NAME + " (attached)", a.url(), key), null));
        }
    }

    private static Optional<Address> readAddress(Path dataDir) {
        try {
            return Optional.of(Json.MAPPER.readValue(Files.readAllBytes(dataDir.resolve(ADDRESS_FILE)), Address.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.warn("ignoring an unreadable {} in {}: {}", ADDRESS_FILE, dataDir, e.getMessage());
            return Optional.empty();
        }
    }

    private static FleetTarget target(String name, String url, String key) {
        return new FleetTarget(new FleetDescriptor(ID, name, url, FleetKind.LOCAL), new ApiKey(key));
    }

    /** The per-key limit of FLOTILLA_KEY_RATE_PER_MIN and FLOTILLA_KEY_BURST, as a headless node reads them. */
    static java.util.Optional<dev.flotilla.runtime.ratelimit.RateLimit> keyRateLimit(java.util.Map<String, String> env) {
        return dev.flotilla.runtime.ratelimit.RateLimit.fromSettings(
                "FLOTILLA_KEY_RATE_PER_MIN", number(env, "FLOTILLA_KEY_RATE_PER_MIN"),
                "FLOTILLA_KEY_BURST", number(env, "FLOTILLA_KEY_BURST"));
    }

    private static long number(java.util.Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) return 0;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number: '" + v.trim() + "'");
        }
    }

    /** The data folder: {@code -Dflotilla.data.dir}, else the XDG data folder. */
    public static Path defaultDataDir() {
        String override = System.getProperty("flotilla.data.dir");
        return override != null && !override.isBlank() ? Path.of(override) : ConfigPaths.dataDir();
    }

    public FleetTarget target() {
        return target;
    }

    /** True when another console runs this fleet and this one only talks to it. */
    public boolean attached() {
        return runtime == null;
    }

    /**
     * Drains the node (runs in flight finish or go back to the queue) and removes its address; an
     * attached fleet is left running. Closes once: a second call (the shutdown hook after an orderly
     * quit) waits for the first and does nothing. Blocks, so never on the FX thread.
     */
    @Override
    public synchronized void close() {
        if (closed || runtime == null) return;
        closed = true;
        try {
            Files.deleteIfExists(addressFile); // first: no console attaches to a node on its way out
        } catch (IOException e) {
            log.warn("could not remove {}: {}", addressFile, e.getMessage());
        }
        runtime.close();
    }
}
