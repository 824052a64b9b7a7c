package dev.flotilla.runtime.api.routes;

import dev.flotilla.runtime.api.ApiException;
import io.javalin.http.Context;

/** Query parameters shared by list routes. */
final class Queries {

    private Queries() {}

    /** {@code limit}, from 1 to {@code max}; {@code fallback} when absent; 400 otherwise. */
    static int limit(Context ctx, int fallback, int max) {
        String l = ctx.queryParam("limit");
        if (l == null || l.isEmpty()) return fallback;
        int limit;
        try {
            limit = Integer.parseInt(l);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > max) throw new ApiException(400, "invalid_query", "limit must be an integer from 1 to " + max);
        return limit;
    }
}
