package dev.flotilla.runtime.store;

/**
 * The queue stream of an agent has no consumer group (Redis restarted without persistence, or was
 * flushed): recreate it with {@link QueueStore#ensureGroup} and go on.
 */
public class QueueGroupMissingException extends StoreException {

    public QueueGroupMissingException(String message, Throwable cause) {
        super(message, cause);
    }
}
