package dev.flotilla.console.fleet;

import java.util.Objects;

/** How to reach a fleet: its descriptor plus the key the console presents. */
public record FleetTarget(FleetDescriptor descriptor, ApiKey key) {

    public FleetTarget {
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(key, "key");
    }
}
