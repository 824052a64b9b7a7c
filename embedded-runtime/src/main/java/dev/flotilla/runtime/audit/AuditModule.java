package dev.flotilla.runtime.audit;

import dev.flotilla.runtime.kernel.FleetModule;
import dev.flotilla.runtime.kernel.ModuleContext;
import dev.flotilla.runtime.kernel.OperatorRole;
import java.util.List;

/**
 * The fleet's audit log: keeper of the node's audit trail (every module's and route's
 * {@code ctx.audit()} entries), appended by any node to one hash chain per fleet in Redis, and read,
 * verified and exported through {@code /v1/audit}. Settings: {@code FLOTILLA_AUDIT_QUEUE}, the
 * entries a node holds while its writer catches up (default 10,000; more are dropped and counted).
 */
public final class AuditModule implements FleetModule {

    private AuditWriter writer;
    private AuditRoutes routes;

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public void register(ModuleContext ctx) {
        long capacity = ctx.settings().number("FLOTILLA_AUDIT_QUEUE", 10_000);
        if (capacity < 1 || capacity > 1_000_000) throw new IllegalArgumentException("FLOTILLA_AUDIT_QUEUE must be from 1 to 1000000: " + capacity);
        List<String> keys = List.of(ctx.fleetKey("audit:chain"), ctx.fleetKey("audit:end"));
        writer = new AuditWriter(ctx.script("audit_append", "dev/flotilla/runtime/audit/audit_append.lua"), keys, ctx.clock(), (int) capacity);
        routes = new AuditRoutes(new AuditLog(ctx.script("audit_read", "dev/flotilla/runtime/audit/audit_read.lua"), keys));
        ctx.keepAuditTrail(writer);
        ctx.routes()
                .get("/v1/audit", OperatorRole.VIEWER, routes::list)
                .get("/v1/audit/verify", OperatorRole.VIEWER, routes::verify)
                .get("/v1/audit/export", OperatorRole.VIEWER, routes::export);
    }

    /** True once every entry recorded so far is written (or dropped); for tests and shutdown. */
    public boolean idle() {
        return writer == null || writer.idle();
    }

    /** Entries written to the chain by this node. */
    public long written() {
        return writer == null ? 0 : writer.written();
    }
}
