package dev.flotilla.runtime.kernel;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The node's settings by name, as an operator gives them: the {@code FLOTILLA_*} names of the
 * node's flags and environment (e.g. {@code FLOTILLA_KEY_RATE_PER_MIN}). A module reads its own
 * into a typed configuration when it registers; a bad value fails the node's start with a message
 * naming the setting. Immutable.
 */
public final class Settings {

    private static final Settings NONE = new Settings(Map.of());

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /** {@code values} by name; null values are left out. */
    public static Settings of(Map<String, String> values) {
        Map<String, String> present = new java.util.HashMap<>();
        values.forEach((k, v) -> { if (k != null && v != null) present.put(k, v); });
        return new Settings(present);
    }

    public static Settings none() { return NONE; }

    /** The value of {@code name}, trimmed; empty when unset or blank. */
    public Optional<String> text(String name) {
        String v = values.get(Objects.requireNonNull(name, "name is null"));
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** A whole number, or {@code fallback} when unset. */
    public long number(String name, long fallback) {
        Optional<String> v = text(name);
        if (v.isEmpty()) return fallback;
        try {
            return Long.parseLong(v.get());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a whole number: '" + v.get() + "'");
        }
    }

    /** These settings with {@code more} on top. */
    public Settings with(Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(values);
        more.forEach((k, v) -> { if (k != null && v != null) all.put(k, v); });
        return new Settings(all);
    }

    @Override
    public String toString() {
        return "Settings" + values.keySet(); // names only: values may be secrets
    }
}
