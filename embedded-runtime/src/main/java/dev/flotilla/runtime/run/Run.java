package dev.flotilla.runtime.run;

import dev.flotilla.runtime.kernel.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A run as stored: what was asked ({@code request}), where it stands ({@code status}), what it
 * came to ({@code outcome}) and what it used ({@code usage}, null until it succeeded), and the facts
 * of its deliveries. {@code model} is the agent's primary model until one answers, then the one that
 * did. {@code deliveries} counts the times a node took it; {@code failures} the deliveries that ended
 * without an outcome (the node died, the runtime failed). {@code timelineJson} and {@code errorsJson}
 * are JSON arrays as stored (see {@link RunTimeline}); null when empty. Who submitted it is the
request's {@link RunRequest#principal() principal}. {@code extensions} are the small module fields
 * stored on the run ({@code x_…}, e.g. its trace id); {@code annotations} are what admission
 * interceptors noted when it was accepted (e.g. {@code guard.verdict}); both empty for most runs.
 */
public record Run(String id, RunRequest request, RunStatus status, String model, RunOutcome outcome, Usage usage,
                  String node, int deliveries, int failures, Instant createdAt, Instant startedAt, Instant finishedAt,
                  String timelineJson, String errorsJson, Map<String, String> extensions, Map<String, String> annotations) {

    /** A run without module fields or annotations. */
    public Run(String id, RunRequest request, RunStatus status, String model, RunOutcome outcome, Usage usage,
               String node, int deliveries, int failures, Instant createdAt, Instant startedAt, Instant finishedAt,
               String timelineJson, String errorsJson) {
        this(id, request, status, model, outcome, usage, node, deliveries, failures, createdAt, startedAt, finishedAt,
                timelineJson, errorsJson, Map.of(), Map.of());
    }

    /** A run with module fields, without annotations. */
    public Run(String id, RunRequest request, RunStatus status, String model, RunOutcome outcome, Usage usage,
               String node, int deliveries, int failures, Instant createdAt, Instant startedAt, Instant finishedAt,
               String timelineJson, String errorsJson, Map<String, String> extensions) {
        this(id, request, status, model, outcome, usage, node, deliveries, failures, createdAt, startedAt, finishedAt,
                timelineJson, errorsJson, extensions, Map.of());
    }

    public Run {
        if (outcome == null) outcome = RunOutcome.NONE;
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** The module field {@code name} of the run (see {@code kernel.RunFields}; large ones are not read here), or null. */
    public String extension(String name) {
        return extensions.get(name);
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
