package dev.flotilla.runtime.api;

import dev.flotilla.runtime.api.dto.ErrorBody;
import dev.flotilla.runtime.json.Json;
import io.javalin.http.Context;

/** Writes the gateway's answers: a record (or tree) as compact JSON, or the one error shape. */
public final class Replies {

    public static final String JSON = "application/json";

    private Replies() {}

    public static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType(JSON).result(Json.write(body));
    }

    public static void error(Context ctx, int status, String code, String message, Integer retryAfterSeconds) {
        if (retryAfterSeconds != null) ctx.header("Retry-After", retryAfterSeconds.toString());
        json(ctx, status, ErrorBody.of(code, message));
    }

    /** An id as it may appear in a message: long ones are cut, so an answer never echoes a huge input. */
    public static String shown(String id) {
        return id.length() > 80 ? id.substring(0, 80) + "…" : id;
    }
}
