package dev.flotilla.runtime.store.lua;

/**
 * The keys a script that changes a run touches: the run's hash, its agent's queue, the dead
 * letters and their index, the events channel, and the index of all runs (the status indexes
 * are named after it: {@code runIndex + ":" + status}).
 */
public record RunKeys(String run, String queue, String deadLetters, String deadLetterIndex, String events, String runIndex) {}
