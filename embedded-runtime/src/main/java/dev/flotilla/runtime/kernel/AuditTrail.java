package dev.flotilla.runtime.kernel;

/**
 * Where audit entries go. {@link #record} is called on the hot path (a tool call, a route): it
 * is fast, does no blocking I/O (a keeper queues and writes in the background) and never throws.
 * A node without an audit module keeps no trail: its entries are dropped.
 */
@FunctionalInterface
public interface AuditTrail {

    AuditTrail NONE = entry -> { };

    void record(AuditEntry entry);
}
