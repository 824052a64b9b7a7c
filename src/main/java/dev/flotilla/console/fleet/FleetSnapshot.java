package dev.flotilla.console.fleet;

import java.time.Instant;

/** A {@link FleetInfo} as polled at a moment. */
public record FleetSnapshot(FleetInfo info, Instant at) implements FleetSignal {}
