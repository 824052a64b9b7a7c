package dev.flotilla.console.shell;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flotilla.console.fleet.Json;
import dev.flotilla.console.fleet.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code settings.json} in the console's config folder. A missing or unreadable file means
 * defaults: a preference is not worth refusing to start over.
 */
public final class SettingsStore {

    private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);
    public static final String FILE_NAME = "settings.json";

    private final Path file;

    public SettingsStore(Path configDir) {
        this.file = configDir.resolve(FILE_NAME);
    }

    public Settings load() {
        try {
            Settings s = Json.MAPPER.readValue(Files.readAllBytes(file), Settings.class);
            return s == null ? Settings.defaults() : s;
        } catch (NoSuchFileException e) {
            return Settings.defaults();
        } catch (IOException | RuntimeException e) {
            log.warn("ignoring unreadable settings in {}: {}", file, e.getMessage());
            return Settings.defaults();
        }
    }

    public void save(Settings s) {
        try {
            OwnerOnlyFiles.write(file, Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(s));
        } catch (IOException e) {
            log.warn("could not save settings to {}: {}", file, e.getMessage());
        }
    }
}
