package dev.flotilla.console.fleet;

/**
 * Everything a live fleet connection tells the UI: runtime events, changes of the connection's
 * state, and fresh fleet snapshots. They all travel through the same bridge to the FX thread.
 */
public sealed interface FleetSignal permits FleetEvent, ConnectionState, FleetSnapshot {}
