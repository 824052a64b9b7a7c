package dev.flotilla.runtime.api.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The answer to a node command: which node, and the state (or change) asked of it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NodeRequested(String nodeId, String requested) {}
