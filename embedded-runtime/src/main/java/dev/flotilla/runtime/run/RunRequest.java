package dev.flotilla.runtime.run;

import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A validated request for a run (the gateway validates; the store trusts it), and who asked
 * ({@code principal}, stored with the run).
 */
public record RunRequest(String agent, String input, String sessionId, String idempotencyKey, Map<String, String> metadata,
                         Principal principal) {
    /** Who asks when nobody said: the runtime itself. */
    public static final Principal RUNTIME = Principal.system("runtime");

    public RunRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        Objects.requireNonNull(principal, "principal is null");
    }

    /** A request of the runtime's own (demo traffic, tests); the gateway sets its caller with {@link #withPrincipal}. */
    public RunRequest(String agent, String input, String sessionId, String idempotencyKey, Map<String, String> metadata) {
        this(agent, input, sessionId, idempotencyKey, metadata, RUNTIME);
    }

    public static RunRequest of(String agent, String input) {
        return new RunRequest(agent, input, null, null, Map.of());
    }

    /**
     * What makes two requests under one idempotency key the same request: the SHA-256 of agent,
     * input, session and metadata (in key order), hex. The key itself is not part of it.
     */
    public String fingerprint() {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("agent", agent);
        canonical.put("input", input);
        canonical.put("session_id", sessionId);
        canonical.put("metadata", new TreeMap<>(metadata));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Json.write(canonical).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }

    public RunRequest withPrincipal(Principal who) {
        return new RunRequest(agent, input, sessionId, idempotencyKey, metadata, who);
    }
}
