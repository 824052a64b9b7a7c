package dev.flotilla.console.fleet;

import java.util.Objects;

/**
 * An API key. Its {@link #toString()} is masked so it cannot leak into a log line or a label by
 * accident; only {@link #reveal()} gives the secret, for the Authorization header and the store.
 */
public final class ApiKey {

    private final String value;

    public ApiKey(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) throw new IllegalArgumentException("the API key is empty");
        this.value = value.strip();
    }

    public String reveal() {
        return value;
    }

    /** What the UI shows: bullets and, for long keys, the last four characters. */
    public String masked() {
        return value.length() >= 16 ? "••••••••" + value.substring(value.length() - 4) : "••••••••";
    }

    @Override
    public String toString() {
        return masked();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiKey k && k.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
