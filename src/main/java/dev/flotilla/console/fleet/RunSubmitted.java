package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer to {@code POST /v1/runs}. */
public record RunSubmitted(@JsonProperty("run_id") String runId, RunStatus status) {}
