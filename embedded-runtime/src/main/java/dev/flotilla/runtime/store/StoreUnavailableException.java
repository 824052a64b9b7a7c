package dev.flotilla.runtime.store;

/**
 * The store could not be reached or did not answer in time (connection refused or lost, a
 * timeout, no free connection, a server still loading its data). What the operation changed is
 * unknown; every write of the store is safe to retry.
 */
public class StoreUnavailableException extends StoreException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
