package dev.flotilla.console.fleet.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The fleet's API keys ({@code /v1/keys}, admin) and the caller's own key ({@code /v1/whoami}, any
 * role): list, create (the secret comes back once), rotate (a new secret, once), revoke.
 */
public final class KeysApi {

    private static final String WHAT = "API key management";

    private final GatewayHttp http;

    public KeysApi(GatewayHttp http) {
        this.http = http;
    }

    /** A managed key as the fleet shows it; {@code key}, the secret, only in the answer to create and rotate. */
    public record Key(String id, String key, String name, String role, @JsonProperty("tool_role") String toolRole,
                      @JsonProperty("tool_roles") List<String> toolRoles, String state,
                      @JsonProperty("created_at") Instant createdAt, @JsonProperty("created_by") String createdBy,
                      @JsonProperty("expires_at") Instant expiresAt, @JsonProperty("rate_per_minute") Integer ratePerMinute,
                      @JsonProperty("rotated_at") Instant rotatedAt, @JsonProperty("revoked_at") Instant revokedAt) {
        public Key {
            toolRoles = toolRoles == null ? List.of() : List.copyOf(toolRoles);
        }

        public boolean active() {
            return "active".equals(state);
        }
    }

    /** The key the console presents, as the node resolved it. */
    public record Me(@JsonProperty("key_id") String keyId, @JsonProperty("key_name") String keyName, String role,
                     @JsonProperty("tool_role") String toolRole, @JsonProperty("tool_roles") List<String> toolRoles,
                     @JsonProperty("expires_at") Instant expiresAt, boolean managed) {
        public Me {
            toolRoles = toolRoles == null ? List.of() : List.copyOf(toolRoles);
        }

        /** True when this key may do what {@code needed} (viewer, operator, admin) may. */
        public boolean allows(String needed) {
            return rank(role) >= rank(needed);
        }

        private static int rank(String role) {
            return switch (role == null ? "" : role) {
                case "viewer" -> 1;
                case "operator" -> 2;
                case "admin" -> 3;
                default -> 0;
            };
        }
    }

    /** What a new key is to be; {@code toolRoles} beyond the default, {@code expiresAt} null for never. */
    public record NewKey(String name, String role, String toolRole, List<String> toolRoles, Instant expiresAt) {}

    public CompletableFuture<Me> whoami() {
        return http.newer(http.send(http.get(http.url("v1", "whoami")), Me.class), "roles (whoami)");
    }

    public CompletableFuture<List<Key>> list() {
        return http.newer(http.send(http.get(http.url("v1", "keys")), KeyList.class), WHAT).thenApply(KeyList::keys);
    }

    /** Creates a key; the answer holds its secret, which the fleet never shows again. */
    public CompletableFuture<Key> create(NewKey k) {
        ObjectNode body = GatewayHttp.object().put("name", k.name()).put("role", k.role());
        if (k.toolRole() != null && !k.toolRole().isBlank()) body.put("tool_role", k.toolRole());
        if (k.toolRoles() != null && !k.toolRoles().isEmpty()) {
            var roles = body.putArray("tool_roles");
            k.toolRoles().forEach(roles::add);
        }
        if (k.expiresAt() != null) body.put("expires_at", k.expiresAt().toString());
        return http.newer(http.send(http.post(http.url("v1", "keys"), body), Key.class), WHAT);
    }

    /** A new secret for the key; the old one stops working on every node within seconds. */
    public CompletableFuture<Key> rotate(String id) {
        GatewayHttp.requireId(id, "id");
        return http.newer(http.send(http.post(http.url("v1", "keys", id, "rotate")), Key.class), WHAT);
    }

    public CompletableFuture<Key> revoke(String id) {
        GatewayHttp.requireId(id, "id");
        return http.newer(http.send(http.delete(http.url("v1", "keys", id)), Key.class), WHAT);
    }

    record KeyList(List<Key> keys) {
        KeyList {
            keys = keys == null ? List.of() : keys;
        }
    }
}
