package dev.flotilla.runtime.kernel;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Fields a module keeps on a run's record beside the runtime's own, written with writes the run
 * makes anyway (no round trip of their own): what an admission interceptor {@link #put}s is stored
 * when the run is created; what a run interceptor puts is stored with the run's outcome. A node
 * that claims the run reads them back ({@link #get}), so they follow a run from node to node.
 *
 * <p>Names are {@code x_<name>} for small fields, which travel with the run everywhere (its
 * record, lists, claims), or {@code xl_<name>} for large ones, which are kept as long as the run
 * but left out of lists and claims (read them where they are needed). Thread-safe.
 */
public final class RunFields {

    private static final Pattern NAME = Pattern.compile("xl?_[a-z0-9_]{1,60}");

    private final Map<String, String> read;
    private final Map<String, String> written = new ConcurrentHashMap<>();

    private RunFields(Map<String, String> read) {
        this.read = Map.copyOf(read);
    }

    /** No fields yet: a new run. */
    public static RunFields empty() {
        return new RunFields(Map.of());
    }

    /** The fields a stored run holds (the store passes the module fields of the run's record). */
    public static RunFields of(Map<String, String> stored) {
        return new RunFields(Objects.requireNonNull(stored, "stored is null"));
    }

    /** Whether {@code name} is a module field's name ({@code x_…} or {@code xl_…}). */
    public static boolean isName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** Whether {@code name} is a large field, left out of lists and claims. */
    public static boolean isLarge(String name) {
        return name != null && name.startsWith("xl_");
    }

    /** The field's value: as written here, else as it was stored; null when neither. */
    public String get(String name) {
        String v = written.get(name);
        return v != null ? v : read.get(name);
    }

    /** Sets a field, to be stored with the run's next write (its creation or its outcome). */
    public void put(String name, String value) {
        if (!isName(name)) throw new IllegalArgumentException("a run field is named x_<name> or xl_<name> ([a-z0-9_]): " + name);
        written.put(name, Objects.requireNonNull(value, "value of run field " + name + " is null"));
    }

    /** What was put here, for the store to write. */
    public Map<String, String> written() {
        return Map.copyOf(written);
    }
}
