package dev.flotilla.runtime.store;

/**
 * The store is at its memory limit ({@code maxmemory} with {@code noeviction}) and refused a write
 * that would grow it; nothing was written. Reads and writes that free memory still work, so it
 * clears as runs finish, expire or are taken out of line.
 */
public class StoreFullException extends StoreException {

    public StoreFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
