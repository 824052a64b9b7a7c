package dev.flotilla.runtime.api;

import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.kernel.RouteSpec;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * The routes feature modules registered with the kernel, mounted like the gateway's own: each
 * with its operator role as route role, so {@link AccessControl} checks it; errors its handler
 * throws are answered as every other JSON error.
 */
public final class ModuleRoutes implements Routes {

    private final List<RouteSpec> specs;

    public ModuleRoutes(List<RouteSpec> specs) {
        this.specs = List.copyOf(specs);
    }

    @Override
    public void register(RoutesConfig routes) {
        for (RouteSpec r : specs) {
            Access access = access(r.role());
            HandlerType m = r.method();
            if (m.equals(HandlerType.GET)) routes.get(r.path(), r.handler(), access);
            else if (m.equals(HandlerType.POST)) routes.post(r.path(), r.handler(), access);
            else if (m.equals(HandlerType.PUT)) routes.put(r.path(), r.handler(), access);
            else if (m.equals(HandlerType.DELETE)) routes.delete(r.path(), r.handler(), access);
            else throw new IllegalArgumentException("module " + r.module() + ": method " + m + " of " + r.path() + " is not served");
        }
    }

    private static Access access(OperatorRole role) {
        return switch (role) {
            case VIEWER -> Access.VIEWER;
            case OPERATOR -> Access.OPERATOR;
            case ADMIN -> Access.ADMIN;
        };
    }
}
