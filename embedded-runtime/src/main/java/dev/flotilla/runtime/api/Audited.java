package dev.flotilla.runtime.api;

import dev.flotilla.runtime.kernel.AuditEntry;
import dev.flotilla.runtime.kernel.AuditTrail;
import dev.flotilla.runtime.kernel.Principal;
import io.javalin.http.Context;
import java.util.Map;

/** Records what a request did in the fleet's audit log, as the request's caller from its client address. */
public final class Audited {

    private static final Principal NOBODY = Principal.system("gateway");

    private Audited() {}

    public static void record(Context ctx, AuditTrail trail, String action, String target, String outcome, Map<String, Object> details) {
        Principal who = AccessControl.principal(ctx);
        trail.record(new AuditEntry(action, target, outcome, who == null ? NOBODY : who, ctx.ip(), details));
    }
}
