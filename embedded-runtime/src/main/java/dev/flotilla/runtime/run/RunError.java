package dev.flotilla.runtime.run;

/** Why a run failed or was cancelled: a stable snake_case {@code code} and a message for people. */
public record RunError(String code, String message) {}
