package dev.flotilla.runtime.toolpolicy;

import dev.flotilla.runtime.kernel.AuditEntry;
import dev.flotilla.runtime.kernel.AuditTrail;
import dev.flotilla.runtime.kernel.ToolCall;
import dev.flotilla.runtime.kernel.ToolCallInterceptor;
import dev.flotilla.runtime.kernel.ToolResult;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks every tool call against the tool policy the node enforces, when it is made (the model may
 * ask for tools it was never offered): a refusal goes back to the model as a tool error and on the
 * run's timeline as a {@code refused} tool step with its reason. Every decision is audited (tool,
 * decision, input size; never the arguments) and recorded for dry runs. No I/O.
 */
final class PermitInterceptor implements ToolCallInterceptor {

    private final EnforcedPolicy enforced;
    private final AuditTrail audit;

    PermitInterceptor(EnforcedPolicy enforced, AuditTrail audit) {
        this.enforced = enforced;
        this.audit = audit;
    }

    @Override
    public ToolResult intercept(Chain chain) throws InterruptedException {
        ToolCall call = chain.call();
        PolicyVersion v = enforced.current();
        String role = call.principal().toolRole();
        Decision d = v.policy().decide(role, call.tool(), call.arguments());
        enforced.record(call.runId(), role, call.tool(), call.arguments(), d);
        Map<String, Object> details = new HashMap<>();
        details.put("run_id", call.runId());
        details.put("tool_role", role);
        details.put("input_size", call.arguments().length());
        details.put("policy_version", v.number());
        if (d.reason() != null) details.put("reason", d.reason());
        audit.record(new AuditEntry("tool.call", call.tool(), d.verdict().wire(), call.principal(), null, details));
        return switch (d.verdict()) {
            case ALLOWED -> chain.proceed(call);
            case REFUSED -> ToolResult.refused(d.reason() + " (tool policy v" + v.number() + ")");
            // approvals are not built on this node yet: a call that needs one is not made
            case NEEDS_APPROVAL -> ToolResult.refused(d.reason() + "; approvals are not available yet, so the call was not made"
                    + " (tool policy v" + v.number() + ")");
        };
    }
}
