package dev.flotilla.runtime.api;

import dev.flotilla.runtime.queue.QueueFullException;
import dev.flotilla.runtime.run.IdempotencyKeyReusedException;
import dev.flotilla.runtime.store.StoreException;
import dev.flotilla.runtime.store.StoreFullException;
import dev.flotilla.runtime.kernel.RunRefusedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.EOFException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure of a request becomes the one JSON error body, here and nowhere else: refusals the
 * gateway raises ({@link ApiException}), Javalin's own (404, 405), a body cut short by its client,
 * the store being unreachable or full, a full line, a reused idempotency key, and anything
 * unexpected (500, logged). {@link JsonErrorHandler} does
 * the same for what Jetty refuses before Javalin sees it.
 */
final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {}

    static void install(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> Replies.error(ctx, e.status(), e.code(), e.getMessage(), e.retryAfterSeconds()));
        // a submission an admission interceptor refused (a rate limit, the input guard, ...), with its headers
        routes.exception(RunRefusedException.class, (e, ctx) -> {
            e.headers().forEach(ctx::header);
            Replies.error(ctx, e.status(), e.code(), e.getMessage(), e.retryAfterSeconds());
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 405) methodNotAllowed(e, ctx);
            else Replies.error(ctx, e.getStatus(), codeFor(e.getStatus()), e.getMessage(), null);
        });
        // the store's refusals: full (nothing stored; room comes back as runs finish and expire), else unreachable
        routes.exception(StoreFullException.class, (e, ctx) -> {
            log.warn("Redis full on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            Replies.error(ctx, 503, "store_full", "the fleet's Redis is at its memory limit and stored nothing; retry once runs"
                    + " finish or expire, or raise its maxmemory (--redis-maxmemory-mb)", 30);
        });
        routes.exception(StoreException.class, (e, ctx) -> storeUnavailable(e, ctx));
        routes.exception(QueueFullException.class, (e, ctx) -> Replies.error(ctx, 503, "queue_full", e.getMessage(), 30));
        routes.exception(IdempotencyKeyReusedException.class,
                (e, ctx) -> Replies.error(ctx, 422, "idempotency_key_reused", e.getMessage(), null));
        routes.exception(Exception.class, ErrorMapping::unexpected);
    }

    private static void methodNotAllowed(HttpResponseException e, Context ctx) {
        String allowed = String.join(", ", e.getDetails().values());
        if (!allowed.isEmpty()) ctx.header("Allow", allowed);
        Replies.error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + Replies.shown(ctx.path())
                + (allowed.isEmpty() ? "" : "; it takes " + allowed), null);
    }

    private static void unexpected(Exception e, Context ctx) {
        if (answerBegun(ctx)) {
            // an event stream whose client went away, say: nothing more can be answered, and the
            // request may be recycled already (its path gone), so say it in one line and stop
            if (causedBy(e, java.io.IOException.class)) log.debug("{} ended early: {}", where(ctx), e.toString());
            else log.warn("{} failed after its answer began: {}", where(ctx), e.toString());
            return;
        }
        if (causedBy(e, EOFException.class)) {
            // the client declared more body than it sent, then stopped: its fault, and common from scanners
            log.debug("incomplete body on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            Replies.error(ctx, 400, "incomplete_body", "the body ended before the length the request declared (Content-Length); send it whole", null);
        } else if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith("URLDecoder:")) {
            // Jetty lets some escapes through (%u…) that Javalin's path-parameter decoding then refuses
            Replies.error(ctx, 400, "bad_request", "the path holds an invalid %-escape; encode it as UTF-8 bytes (%XX)", null);
        } else if (e instanceof StoreException) {
            storeUnavailable(e, ctx);
        } else {
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            Replies.error(ctx, 500, "internal_error", "the node failed to handle this request; see its log", null);
        }
    }

    /** True when the response is on its way already (or its request is gone): no error body can follow. */
    private static boolean answerBegun(Context ctx) {
        try {
            return ctx.res().isCommitted();
        } catch (RuntimeException gone) {
            return true;
        }
    }

    /** The request's method and path, for a log line; a recycled request has none. */
    private static String where(Context ctx) {
        try {
            return ctx.method() + " " + ctx.path();
        } catch (RuntimeException gone) {
            return "a request already answered";
        }
    }

    /** The store could not be reached (or refused a command): the client retries with the same idempotency key. */
    private static void storeUnavailable(Exception e, Context ctx) {
        log.warn("Redis unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        Replies.error(ctx, 503, "store_unavailable",
                "the fleet's Redis is unreachable; retry shortly (with the same idempotency_key, so a run is never stored twice)", 5);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }

    /** The error code of a status Javalin or Jetty answers by itself. */
    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "request_refused";
        };
    }
}
