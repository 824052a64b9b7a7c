package dev.flotilla.runtime.kernel;

import java.util.Map;
import java.util.Objects;

/**
 * A run as a client submits it, validated, before it is accepted: who asks, of which agent, what
 * input, in which session (or null), with what metadata. The node makes one per submission and
 * stores the run it describes when every admission interceptor let it through.
 *
 * <p>{@code headers} are the request's HTTP headers by lower-case name, credentials left out
 * (empty for runs the runtime submits itself), e.g. a caller's W3C {@code traceparent};
 * {@code fields} is where an interceptor puts fields to store on the run ({@link RunFields});
 * {@code annotations} are short notes interceptors put on it, shown with the run (e.g. {@code guard.verdict}).
 */
public record Submission(Principal principal, String agent, String input, String sessionId, Map<String, String> metadata,
                         Map<String, String> headers, RunFields fields, RunAnnotations annotations) {

    /** A submission without headers, and no fields or annotations yet. */
    public Submission(Principal principal, String agent, String input, String sessionId, Map<String, String> metadata) {
        this(principal, agent, input, sessionId, metadata, Map.of(), RunFields.empty(), new RunAnnotations());
    }

    public Submission(Principal principal, String agent, String input, String sessionId, Map<String, String> metadata,
                      Map<String, String> headers, RunFields fields) {
        this(principal, agent, input, sessionId, metadata, headers, fields, new RunAnnotations());
    }

    public Submission(Principal principal, String agent, String input, String sessionId, Map<String, String> metadata,
                      RunAnnotations annotations) {
        this(principal, agent, input, sessionId, metadata, Map.of(), RunFields.empty(), annotations);
    }

    public Submission {
        Objects.requireNonNull(principal, "principal is null");
        Objects.requireNonNull(agent, "agent is null");
        Objects.requireNonNull(input, "input is null");
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        Objects.requireNonNull(fields, "fields is null");
        if (annotations == null) annotations = new RunAnnotations();
    }

    /** The request header {@code name} (lower case), or null. */
    public String header(String name) {
        return headers.get(name);
    }
}
