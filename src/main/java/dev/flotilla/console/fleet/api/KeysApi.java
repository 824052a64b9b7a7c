package dev.flotilla.console.fleet.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.console.fleet.KeyInfo;
import dev.flotilla.console.fleet.KeyRole;
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

    /** What a new key is to be; {@code toolRoles} beyond the default, {@code expiresAt} null for never. */
    public record NewKey(String name, String role, String toolRole, List<String> toolRoles, Instant expiresAt) {}

    public CompletableFuture<KeyRole> whoami() {
        return http.newer(http.send(http.get(http.url("v1", "whoami")), KeyRole.class), "roles (whoami)");
    }

    public CompletableFuture<List<KeyInfo>> list() {
        return http.newer(http.send(http.get(http.url("v1", "keys")), KeyList.class), WHAT).thenApply(KeyList::keys);
    }

    /** Creates a key; the answer holds its secret, which the fleet never shows again. */
    public CompletableFuture<KeyInfo> create(NewKey k) {
        ObjectNode body = GatewayHttp.object().put("name", k.name()).put("role", k.role());
        if (k.toolRole() != null && !k.toolRole().isBlank()) body.put("tool_role", k.toolRole());
        if (k.toolRoles() != null && !k.toolRoles().isEmpty()) {
            var roles = body.putArray("tool_roles");
            k.toolRoles().forEach(roles::add);
        }
        if (k.expiresAt() != null) body.put("expires_at", k.expiresAt().toString());
        return http.newer(http.send(http.post(http.url("v1", "keys"), body), KeyInfo.class), WHAT);
    }

    /** A new secret for the key; the old one stops working on every node within seconds. */
    public CompletableFuture<KeyInfo> rotate(String id) {
        GatewayHttp.requireId(id, "id");
        return http.newer(http.send(http.post(http.url("v1", "keys", id, "rotate")), KeyInfo.class), WHAT);
    }

    public CompletableFuture<KeyInfo> revoke(String id) {
        GatewayHttp.requireId(id, "id");
        return http.newer(http.send(http.delete(http.url("v1", "keys", id)), KeyInfo.class), WHAT);
    }

    record KeyList(List<KeyInfo> keys) {
        KeyList {
            keys = keys == null ? List.of() : keys;
        }
    }
}
