package dev.flotilla.runtime.run;

import dev.flotilla.runtime.kernel.Principal;
import java.util.Map;
import java.util.Objects;

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

    public RunRequest withPrincipal(Principal who) {
        return new RunRequest(agent, input, sessionId, idempotencyKey, metadata, who);
    }
}
