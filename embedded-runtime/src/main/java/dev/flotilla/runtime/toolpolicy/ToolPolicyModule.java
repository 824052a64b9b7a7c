package dev.flotilla.runtime.toolpolicy;

import dev.flotilla.runtime.kernel.FleetModule;
import dev.flotilla.runtime.kernel.ModuleContext;
import dev.flotilla.runtime.kernel.ToolCallInterceptor;

/**
 * Tool permissions per tool role, fleet-wide and versioned (the seed's {@code TOOL_PERMISSIONS},
 * made real). The model of a run is offered only the tools its tool role is granted; every call is
 * checked again when it is made ({@link ToolCallInterceptor.Stage#PERMIT}); the policy lives in
 * Redis, is cached here and refreshed on each heartbeat (the node reports the version it enforces);
 * the routes publish, roll back, diff and dry-run versions.
 */
public final class ToolPolicyModule implements FleetModule {

    private volatile EnforcedPolicy enforced;

    @Override
    public String name() { return "toolpolicy"; }

    @Override
    public void register(ModuleContext ctx) {
        PolicyStore store = new PolicyStore(ctx.script("tool_policy", PolicyStore.SCRIPT), ctx::fleetKey);
        EnforcedPolicy policy = new EnforcedPolicy(store, ctx.clock());
        try {
            policy.refresh(); // in force before the first run; a node that cannot read it starts on the defaults
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ToolPolicyModule.class).warn("tool policy not read at start ({}); the defaults"
                    + " are in force until a heartbeat reads it", e.getMessage());
        }
        ctx.filterOfferedTools((run, tools) -> policy.current().policy().offered(run.principal().toolRole(), tools));
        ctx.interceptToolCalls(ToolCallInterceptor.Stage.PERMIT, new PermitInterceptor(policy, ctx.audit()));
        ctx.onHeartbeat(policy::refresh);
        new ToolPolicyRoutes(store, policy, ctx.audit(), ctx.clock()).register(ctx.routes());
        enforced = policy;
    }

    /** The version this node enforces; -1 before the module registered. */
    public long enforcedVersion() {
        EnforcedPolicy p = enforced;
        return p == null ? -1 : p.current().number();
    }
}
