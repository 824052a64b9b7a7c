package dev.flotilla.runtime.run;

import dev.flotilla.runtime.kernel.Principal;
import java.time.Duration;
import java.time.Instant;

/**
 * A run as stored: what was asked ({@code request}), where it stands ({@code status}), what it
 * came to ({@code outcome}) and what it used ({@code usage}, null until it succeeded), and the facts
 * of its deliveries. {@code model} is the agent's primary model until one answers, then the one that
 * did. {@code deliveries} counts the times a node took it; {@code failures} the deliveries that ended
 * without an outcome (the node died, the runtime failed). {@code timelineJson} and {@code errorsJson}
 * are JSON arrays as stored (see {@link RunTimeline}); null when empty. Who submitted it is the
 * request's {@link RunRequest#principal() principal}. {@code annotations} are what admission
 * interceptors noted when it was accepted (e.g. {@code guard.verdict}); empty for most runs.
 */
public record Run(String id, RunRequest request, RunStatus status, String model, RunOutcome outcome, Usage usage,
                  String node, int deliveries, int failures, Instant createdAt, Instant startedAt, Instant finishedAt,
                  String timelineJson, String errorsJson, java.util.Map<String, String> annotations) {

    public Run {
        if (outcome == null) outcome = RunOutcome.NONE;
        annotations = annotations == null ? java.util.Map.of() : java.util.Map.copyOf(annotations);
    }

    public Run(String id, RunRequest request, RunStatus status, String model, RunOutcome outcome, Usage usage,
               String node, int deliveries, int failures, Instant createdAt, Instant startedAt, Instant finishedAt,
               String timelineJson, String errorsJson) {
        this(id, request, status, model, outcome, usage, node, deliveries, failures, createdAt, startedAt, finishedAt,
                timelineJson, errorsJson, java.util.Map.of());
    }

    public String agent() {
        return request.agent();
    }

    /** Who submitted the run. */
    public Principal principal() {
        return request.principal();
    }

    public Long durationMillis() {
        return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt).toMillis();
    }
}
