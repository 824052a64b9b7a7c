package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to a node command ({@code 202}): the node it is for and what was asked of it
 * ({@code paused}, {@code draining}, {@code active} or {@code scaled}). The node acts within a
 * second; the fleet view shows when it has.
 */
public record NodeCommand(@JsonProperty("node_id") String nodeId, String requested) {}
