package dev.flotilla.console.fleet;

/** The saved fleets could not be read or written; the message says which file and what to do. */
public final class FleetStoreException extends Exception {

    public FleetStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
