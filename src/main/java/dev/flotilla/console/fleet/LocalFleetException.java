package dev.flotilla.console.fleet;

/** The console's own fleet did not start; the message says why and where to look. */
public final class LocalFleetException extends RuntimeException {

    public LocalFleetException(String message, Throwable cause) {
        super(message, cause);
    }
}
