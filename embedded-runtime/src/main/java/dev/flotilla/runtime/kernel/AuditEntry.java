package dev.flotilla.runtime.kernel;

import java.util.Map;
import java.util.Objects;

/**
 * One thing an operator, a key or the runtime did that the fleet's audit log keeps: the action
 * (e.g. {@code key.revoked}, {@code tool.call}, {@code node.drained}), its target (an id or a
 * name), the outcome ({@code ok}, {@code refused}, {@code denied}...), who did it, from which client
 * address (null when not over HTTP), and details (before/after of a changed setting, a tool's input
 * size; never a secret, never a tool's raw arguments).
 */
public record AuditEntry(String action, String target, String outcome, Principal actor, String client,
                         Map<String, Object> details) {

    public AuditEntry {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(actor, "actor");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static AuditEntry of(String action, String target, String outcome, Principal actor) {
        return new AuditEntry(action, target, outcome, actor, null, Map.of());
    }
}
