package dev.flotilla.runtime.run;

import java.util.Map;

/** A validated request for a run (the gateway validates; the store trusts it). */
public record RunRequest(String agent, String input, String sessionId, String idempotencyKey, Map<String, String> metadata) {
    public RunRequest {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static RunRequest of(String agent, String input) {
        return new RunRequest(agent, input, null, null, Map.of());
    }
}
