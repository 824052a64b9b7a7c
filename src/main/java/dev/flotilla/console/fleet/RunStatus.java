package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The life of a run as the API names it. */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RunStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }

    /** Queued and running runs can still be cancelled. */
    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }
}
