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
