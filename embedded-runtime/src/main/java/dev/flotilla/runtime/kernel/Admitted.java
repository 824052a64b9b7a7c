package dev.flotilla.runtime.kernel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An accepted submission: the run's id and status, whether this submission created it (false: an
 * idempotent retry found it), and the response headers interceptors added on the way out (e.g. the
 * RateLimit fields).
 */
public record Admitted(String runId, String status, boolean created, Map<String, String> headers) {

    public Admitted {
        Objects.requireNonNull(runId, "runId is null");
        Objects.requireNonNull(status, "status is null");
        headers = Map.copyOf(headers);
    }

    public static Admitted of(String runId, String status, boolean created) {
        return new Admitted(runId, status, created, Map.of());
    }

    /** The same, with {@code more} headers (replacing any of the same name). */
    public Admitted withHeaders(Map<String, String> more) {
        if (more.isEmpty()) return this;
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new Admitted(runId, status, created, all);
    }
}
