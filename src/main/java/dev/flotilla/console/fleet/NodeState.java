package dev.flotilla.console.fleet;

import java.util.Locale;

/** A node's state as {@code GET /v1/fleet} names it; a state this console does not know is {@link #UNKNOWN}. */
public enum NodeState {
    ACTIVE, PAUSED, DRAINING, LOST, UNKNOWN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Never fails: a newer node may report a state this console has no name for. */
    public static NodeState fromWire(String s) {
        if (s == null) return UNKNOWN;
        for (NodeState v : values()) if (v != UNKNOWN && v.wire().equalsIgnoreCase(s.strip())) return v;
        return UNKNOWN;
    }
}
