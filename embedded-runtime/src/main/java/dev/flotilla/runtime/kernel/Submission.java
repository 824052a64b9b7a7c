package dev.flotilla.runtime.kernel;

import java.util.Map;
import java.util.Objects;

/**
 * A run as a client submits it, validated, before it is accepted: who asks, of which agent, what
 * input, in which session (or null), with what metadata. The node makes one per submission and
 * stores the run it describes when every admission interceptor let it through, with the
 * {@link #annotations()} they put on it.
 */
public record Submission(Principal principal, String agent, String input, String sessionId, Map<String, String> metadata,
                         RunAnnotations annotations) {

    public Submission {
        Objects.requireNonNull(principal, "principal is null");
        Objects.requireNonNull(agent, "agent is null");
        Objects.requireNonNull(input, "input is null");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if (annotations == null) annotations = new RunAnnotations();
    }

    public Submission(Principal principal, String agent, String input, String sessionId, Map<String, String> metadata) {
        this(principal, agent, input, sessionId, metadata, new RunAnnotations());
    }
}
