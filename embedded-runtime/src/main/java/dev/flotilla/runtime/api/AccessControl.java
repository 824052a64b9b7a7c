package dev.flotilla.runtime.api;

import dev.flotilla.runtime.kernel.AuditEntry;
import dev.flotilla.runtime.kernel.AuditTrail;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.security.ApiKeys;
import dev.flotilla.runtime.security.AuthFailures;
import dev.flotilla.runtime.security.Caller;
import dev.flotilla.runtime.security.KeyRing;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may do what, in one place: {@link #authenticate} resolves the bearer key of every
 * {@code /v1} request to its {@link Principal} (401 without a valid key); {@link #authorize} runs
 * once the route is known and refuses (403) a principal whose role is below the route's {@link Access}.
 * Keys are looked up in the node's {@link KeyRing} (a cache, no Redis round trip). Failed
 * authentications are counted ({@code failed}: the reason), logged once per burst, audited when a
 * burst crosses its limit, and throttled per client address (429 with Retry-After).
 */
public final class AccessControl {

    private static final Logger log = LoggerFactory.getLogger(AccessControl.class);
    private static final String CALLER = "flotilla.caller";
    /** Who did it, in the audit log, when nobody could be authenticated. */
    private static final Principal UNAUTHENTICATED = new Principal("-", "unauthenticated", OperatorRole.VIEWER, "none");

    private final KeyRing keys;
    private final AuthFailures failures;
    private final Consumer<String> failed;
    private final AuditTrail audit;

    public AccessControl(ApiKeys keys) {
        this(new KeyRing(keys, null, Clock.systemUTC()), AuthFailures.defaults(Clock.systemUTC()), reason -> { }, AuditTrail.NONE);
    }

    public AccessControl(KeyRing keys, AuthFailures failures, Consumer<String> failed, AuditTrail audit) {
        this.keys = keys;
        this.failures = failures;
        this.failed = failed;
        this.audit = audit;
    }

    /** Who sent this request; null outside {@code /v1}, where no key is asked for. */
    public static Principal principal(Context ctx) {
        Caller c = caller(ctx);
        return c == null ? null : c.principal();
    }

    /** Who sent this request, with what the key may act for; null outside {@code /v1}. */
    public static Caller caller(Context ctx) {
        return ctx.attribute(CALLER);
    }

    void authenticate(Context ctx) {
        String address = ctx.ip();
        long wait = failures.blockedForSeconds(address);
        if (wait > 0) {
            failed.accept("throttled");
            throw new ApiException(429, "too_many_failures", "too many failed authentications from " + address
                    + "; try again in " + wait + " s with a valid key", (int) wait);
        }
        String token = bearer(ctx);
        KeyRing.Result result = keys.authenticate(token);
        if (result.caller() == null) {
            refuse(ctx, address, result.refusal());
        }
        ctx.attribute(CALLER, result.caller());
    }

    private void refuse(Context ctx, String address, String reason) {
        failed.accept(reason);
        // a request without a key guesses nothing: counted, answered, but not held against its address
        AuthFailures.Mark mark = reason.equals("missing") ? AuthFailures.Mark.MORE : failures.failed(address);
        switch (mark) {
            case BURST_STARTED -> log.warn("failed authentication from {} ({}): {} {}; further failures from it are counted in /metrics, not logged",
                    address, reason, ctx.method(), ctx.path());
            case LIMIT_REACHED -> {
                log.warn("{} failed authentications from {} within a minute; refusing it (429) until the minute ends", failures.limit(), address);
                audit.record(new AuditEntry("auth.failed_burst", address, "throttled", UNAUTHENTICATED, address,
                        Map.of("failures", failures.limit(), "last_reason", reason)));
            }
            case MORE -> { }
        }
        ctx.header("WWW-Authenticate", "Bearer");
        String message = switch (reason) {
            case "missing" -> "send an API key as 'Authorization: Bearer <key>'";
            case "expired" -> "the API key has expired; ask an admin for a new one";
            case "revoked" -> "the API key was revoked; ask an admin for a new one";
            default -> "the API key is not valid";
        };
        throw new ApiException(401, "unauthorized", message);
    }

    void authorize(Context ctx) {
        OperatorRole needed = null;
        for (RouteRole r : ctx.routeRoles()) {
            if (r instanceof Access a && (needed == null || a.role().compareTo(needed) > 0)) needed = a.role();
        }
        if (needed == null) return; // an open route
        Principal who = principal(ctx);
        if (who == null) {
            throw new ApiException(401, "unauthorized", "send an API key as 'Authorization: Bearer <key>'");
        }
        if (!who.role().allows(needed)) {
            throw new ApiException(403, "forbidden", "the API key '" + who.keyName() + "' has the role "
                    + name(who.role()) + "; " + ctx.method() + " " + ctx.endpoint().path + " needs " + name(needed)
                    + " (viewer < operator < admin); ask an admin for a key with that role");
        }
    }

    private static String name(OperatorRole role) {
        return role.name().toLowerCase();
    }

    private static String bearer(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }
}
