package dev.flotilla.runtime.store;

/**
 * The fleet's store refused or failed an operation. This base type is a command Redis rejected
 * for good (a script error, a wrong key type): retrying will not help. Its subtypes say when
 * retrying later may: {@link StoreUnavailableException} and {@link StoreFullException}.
 */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
