package dev.flotilla.runtime.kernel;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * One HTTP route a module serves: method, path (Javalin's syntax, e.g. {@code /v1/budgets/{id}}),
 * the operator role a key needs to call it (checked by the gateway, in one place, before the
 * handler runs), and the handler. The gateway mounts every registered route as it mounts its own;
 * errors thrown by the handler are answered as the gateway's JSON errors.
 */
public record RouteSpec(String module, HandlerType method, String path, OperatorRole role, Handler handler) {

    public RouteSpec {
        Objects.requireNonNull(module, "module is null");
        Objects.requireNonNull(method, "method is null");
        Objects.requireNonNull(path, "path is null");
        if (!path.startsWith("/")) throw new IllegalArgumentException("a route path starts with '/': " + path);
        Objects.requireNonNull(role, "role of " + method + " " + path + " is null");
        Objects.requireNonNull(handler, "handler of " + method + " " + path + " is null");
    }
}
