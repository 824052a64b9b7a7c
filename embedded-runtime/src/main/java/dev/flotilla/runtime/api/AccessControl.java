package dev.flotilla.runtime.api;

import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.kernel.Principal;
import dev.flotilla.runtime.security.ApiKeys;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;

/**
 * Who may do what, in one place: {@link #authenticate} resolves the bearer key of every
 * {@code /v1} request to its {@link Principal} (401 without a valid key); {@link #authorize} runs
 * once the route is known and refuses (403) a principal whose role is below the route's {@link Access}.
 */
public final class AccessControl {

    private static final String PRINCIPAL = "flotilla.principal";

    private final ApiKeys keys;

    public AccessControl(ApiKeys keys) {
        this.keys = keys;
    }

    /** Who sent this request; null outside {@code /v1}, where no key is asked for. */
    public static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    void authenticate(Context ctx) {
        String token = bearer(ctx);
        Principal principal = keys.authenticate(token).orElse(null);
        if (principal == null) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "unauthorized",
                    token == null ? "send an API key as 'Authorization: Bearer <key>'" : "the API key is not valid");
        }
        ctx.attribute(PRINCIPAL, principal);
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
