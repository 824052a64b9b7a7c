package dev.flotilla.console.fleet;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the console keeps its files, following the XDG base directories: settings and saved fleets
 * in {@code $XDG_CONFIG_HOME/flotilla} (else {@code ~/.config/flotilla}), the local fleet's data in
 * {@code $XDG_DATA_HOME/flotilla} (else {@code ~/.local/share/flotilla}).
 */
public final class ConfigPaths {

    private ConfigPaths() {}

    public static Path configDir(Map<String, String> env, String home) {
        return base(env.get("XDG_CONFIG_HOME"), home, ".config").resolve("flotilla");
    }

    public static Path dataDir(Map<String, String> env, String home) {
        return base(env.get("XDG_DATA_HOME"), home, ".local/share").resolve("flotilla");
    }

    public static Path configDir() {
        return configDir(System.getenv(), System.getProperty("user.home"));
    }

    public static Path dataDir() {
        return dataDir(System.getenv(), System.getProperty("user.home"));
    }

    private static Path base(String xdg, String home, String fallback) {
        // the spec says relative XDG paths are invalid and must be ignored
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg);
        return Path.of(home).resolve(fallback);
    }
}
