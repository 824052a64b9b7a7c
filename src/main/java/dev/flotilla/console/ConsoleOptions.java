package dev.flotilla.console;

import dev.flotilla.console.fleet.ApiKey;
import dev.flotilla.console.fleet.ConfigPaths;
import dev.flotilla.console.fleet.FleetDescriptor;
import dev.flotilla.console.fleet.FleetKind;
import dev.flotilla.console.fleet.FleetTarget;
import dev.flotilla.console.fleet.LocalFleet;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the console keeps its files and which fleet it treats as local. Normally the console
 * starts its own local fleet; with a {@code localFleet} target it connects to that one instead
 * (tests, or a developer running a node by hand).
 *
 * <p>System properties: {@code flotilla.config.dir}, {@code flotilla.data.dir},
 * {@code flotilla.local.url} with {@code flotilla.local.key}.
 */
public record ConsoleOptions(Path configDir, Path dataDir, Optional<FleetTarget> localFleet) {

    public ConsoleOptions {
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(localFleet, "localFleet");
    }

    public static ConsoleOptions fromSystemProperties() {
        String config = System.getProperty("flotilla.config.dir");
        Path configDir = config != null && !config.isBlank() ? Path.of(config) : ConfigPaths.configDir();
        String url = System.getProperty("flotilla.local.url");
        String key = System.getProperty("flotilla.local.key");
        Optional<FleetTarget> local = Optional.empty();
        if (url != null && !url.isBlank()) {
            if (key == null || key.isBlank()) throw new IllegalArgumentException("flotilla.local.url needs flotilla.local.key too");
            local = Optional.of(existingLocal(url, key));
        }
        return new ConsoleOptions(configDir, LocalFleet.defaultDataDir(), local);
    }

    /** Options for a console that connects to an already running node as its local fleet. */
    public static ConsoleOptions connectingTo(Path configDir, String url, String key) {
        return new ConsoleOptions(configDir, LocalFleet.defaultDataDir(), Optional.of(existingLocal(url, key)));
    }

    private static FleetTarget existingLocal(String url, String key) {
        return new FleetTarget(new FleetDescriptor(LocalFleet.ID, "Local fleet", url, FleetKind.LOCAL), new ApiKey(key));
    }
}
