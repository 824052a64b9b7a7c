package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The remote fleets the operator added, kept in {@code fleets.json} in the console's config folder
 * with owner-only permissions, because the file holds API keys. The local fleet is never saved: the
 * console finds it again at every start. Not thread-safe; call from one background thread at a time.
 */
public final class FleetStore {

    public static final String FILE_NAME = "fleets.json";

    private final Path file;
    /** Set when the file on disk could not be read: the next save keeps a copy instead of overwriting it. */
    private boolean unreadable;

    public FleetStore(Path configDir) {
        this.file = configDir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /** The saved remote fleets; none when the file does not exist yet. */
    public List<FleetTarget> load() throws FleetStoreException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new FleetStoreException("cannot read the saved fleets in " + file + ": " + e.getMessage(), e);
        }
        try {
            Saved saved = Json.MAPPER.readValue(bytes, Saved.class);
            if (saved == null || saved.fleets() == null) throw new IllegalArgumentException("it has no \"fleets\" list");
            List<FleetTarget> out = new ArrayList<>();
            for (int i = 0; i < saved.fleets().size(); i++) out.add(target(i + 1, saved.fleets().get(i)));
            unreadable = false;
            return List.copyOf(out);
        } catch (IOException | RuntimeException e) {
            unreadable = true;
            // the parser quotes what it choked on, which may be a key: say where, never what
            String why = e instanceof JsonProcessingException j ? "not valid JSON" + where(j) : e.getMessage();
            throw new FleetStoreException("the saved fleets in " + file + " cannot be read (" + why
                    + "); add the fleets again, the broken file will be kept as " + FILE_NAME + ".broken",
                    e instanceof JsonProcessingException ? null : e);
        }
    }

    private static FleetTarget target(int n, Entry e) {
        if (e == null || e.id() == null || e.id().isBlank()) throw new IllegalArgumentException("fleet " + n + " has no id");
        if (e.apiKey() == null || e.apiKey().isBlank()) throw new IllegalArgumentException("fleet " + n + " has no api_key");
        try {
            GatewayUrl.parse(e.url());
        } catch (IllegalArgumentException badUrl) {
            throw new IllegalArgumentException("fleet " + n + ": " + badUrl.getMessage());
        }
        String name = e.name() == null || e.name().isBlank() ? e.url() : e.name();
        return new FleetTarget(new FleetDescriptor(e.id(), name, e.url(), FleetKind.REMOTE), new ApiKey(e.apiKey()));
    }

    private static String where(JsonProcessingException e) {
        var at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** Replaces the saved remote fleets; local fleets in the list are skipped. */
    public void save(List<FleetTarget> fleets) throws FleetStoreException {
        List<Entry> entries = fleets.stream()
                .filter(t -> t.descriptor().kind() == FleetKind.REMOTE)
                .map(t -> new Entry(t.descriptor().id(), t.descriptor().name(), t.descriptor().url(), t.key().reveal()))
                .toList();
        try {
            if (unreadable && Files.exists(file)) {
                Files.move(file, file.resolveSibling(FILE_NAME + ".broken"), StandardCopyOption.REPLACE_EXISTING);
                unreadable = false;
            }
            byte[] json = Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(new Saved(1, entries));
            OwnerOnlyFiles.write(file, json);
        } catch (IOException e) {
            throw new FleetStoreException("cannot save the fleets to " + file + ": " + e.getMessage(), e);
        }
    }

    record Saved(int version, List<Entry> fleets) {}

    record Entry(String id, String name, String url, @JsonProperty("api_key") String apiKey) {}
}
