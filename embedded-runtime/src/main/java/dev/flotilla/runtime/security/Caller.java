package dev.flotilla.runtime.security;

import dev.flotilla.runtime.kernel.Principal;
import java.time.Instant;
import java.util.List;

/**
 * Who presented a key, once it was accepted: the {@link Principal} the kernel knows, the tool roles
 * the key may act for ({@code "*"}: any), when it expires (null: never) and its own request rate
 * (null: the node's default). {@code managed}: a key created through the API (false for the
 * bootstrap admin key and keys given at start).
 */
public record Caller(Principal principal, List<String> toolRoles, Instant expiresAt, Integer ratePerMinute, boolean managed) {

    public Caller {
        toolRoles = List.copyOf(toolRoles);
    }

    public boolean mayActFor(String toolRole) {
        return toolRoles.contains(toolRole) || toolRoles.contains("*");
    }
}
