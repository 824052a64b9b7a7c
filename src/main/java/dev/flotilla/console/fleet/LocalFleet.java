package dev.flotilla.console.fleet;

import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.model.SimulatedModelConfig;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet the console runs itself: an embedded node with its own Redis kept in the data folder,
 * the simulated model and demo traffic, so every page is alive on the first launch. The console
 * then talks to it over HTTP like to any other fleet.
 */
public final class LocalFleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalFleet.class);
    public static final String ID = "local";

    private final FleetRuntime runtime;
    private final FleetTarget target;

    private LocalFleet(FleetRuntime runtime) {
        this.runtime = runtime;
        this.target = new FleetTarget(new FleetDescriptor(ID, "Local fleet", runtime.baseUrl(), FleetKind.LOCAL),
                new ApiKey(runtime.adminKey()));
    }

    /** Starts the node on a background thread; the future fails with a message for the operator. */
    public static CompletableFuture<LocalFleet> start(Path dataDir) {
        CompletableFuture<LocalFleet> result = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("local-fleet-start").start(() -> {
            try {
                FleetRuntime rt = FleetRuntime.builder().dataDir(dataDir).demoTraffic(true)
                        .simulatedModel(SimulatedModelConfig.fromEnvironment(System.getenv())) // FLOTILLA_SIM_*, as on any node
                        .keyRateLimit(keyRateLimit(System.getenv()).orElse(null))
                        .build().start();
                result.complete(new LocalFleet(rt));
            } catch (RuntimeException | Error e) {
                log.error("the local fleet did not start", e);
                String why = e.getMessage() == null || e.getMessage().isBlank() ? "" : " (" + e.getMessage() + ")";
                result.completeExceptionally(new LocalFleetException("the local fleet did not start" + why
                        + "; the console's log has the details, and its data is in " + dataDir, e));
            }
        });
        return result;
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

    /** Drains the node (runs in flight finish or go back to the queue); blocks, so never on the FX thread. */
    @Override
    public void close() {
        runtime.close();
    }
}
