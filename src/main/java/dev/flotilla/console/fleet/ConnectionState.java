package dev.flotilla.console.fleet;

/** The state of the console's live connection (the event stream) to one fleet. */
public sealed interface ConnectionState extends FleetSignal {

    /** A short text for the sidebar and the status bar. */
    String label();

    record Connecting() implements ConnectionState {
        @Override public String label() { return "connecting…"; }
    }

    record Connected() implements ConnectionState {
        @Override public String label() { return "connected"; }
    }

    /** Lost, and trying again with backoff; {@code reason} says what went wrong last. */
    record Reconnecting(String reason) implements ConnectionState {
        @Override public String label() { return "reconnecting… (" + reason + ")"; }
    }

    /** Given up: retrying cannot help (wrong key, not a Flotilla node) until the operator acts. */
    record Failed(String reason) implements ConnectionState {
        @Override public String label() { return "failed: " + reason; }
    }

    ConnectionState CONNECTING = new Connecting();
    ConnectionState CONNECTED = new Connected();
}
