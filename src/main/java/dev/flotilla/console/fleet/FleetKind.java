package dev.flotilla.console.fleet;

/** How the console found a fleet; never changes the code path used to talk to it. */
public enum FleetKind {
    /** Started by this console, in-process, on 127.0.0.1. */
    LOCAL,
    /** Added by the operator with a URL and an API key. */
    REMOTE
}
