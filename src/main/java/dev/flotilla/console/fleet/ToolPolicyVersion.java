package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One version of the fleet's tool policy ({@code GET /v1/tool-policy}, {@code /versions}): its
 * number (0: the built-in defaults), who published it when and why, the version it rolled back to,
 * the policy itself ({@code {"roles": {ROLE: {TOOL: GRANT}}}}, absent in lists) and, for the current
 * one, the version the answering node enforces.
 */
public record ToolPolicyVersion(long version, String comment,
                                @JsonProperty("published_at") Instant publishedAt,
                                @JsonProperty("published_by") String publishedBy,
                                @JsonProperty("rollback_of") Long rollbackOf,
                                JsonNode policy,
                                @JsonProperty("enforced_here") Long enforcedHere) {}
