package dev.flotilla.runtime.api.dto;

/** {@code PUT /v1/demo}'s answer: whether the serving node now sends demo traffic. */
public record DemoState(boolean enabled) {}
