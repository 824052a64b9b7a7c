package dev.flotilla.console.fleet;

import java.util.Objects;

/**
 * Who a fleet is: a stable id, the name the operator sees, the gateway URL of the node the
 * console talks to, and how it was found. Holds no secret, so it can be shown and logged freely.
 */
public record FleetDescriptor(String id, String name, String url, FleetKind kind) {

    public FleetDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(kind, "kind");
        if (id.isBlank()) throw new IllegalArgumentException("blank fleet id");
    }

    public boolean local() {
        return kind == FleetKind.LOCAL;
    }
}
