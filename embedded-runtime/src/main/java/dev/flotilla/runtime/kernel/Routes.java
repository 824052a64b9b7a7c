package dev.flotilla.runtime.kernel;

import io.javalin.http.Handler;

/**
 * Where a module registers its HTTP routes, each with the operator role it needs:
 * <pre>{@code
 * ctx.routes().get("/v1/budgets", OperatorRole.VIEWER, this::list)
 *             .put("/v1/budgets/{id}", OperatorRole.ADMIN, this::update);
 * }</pre>
 */
public interface Routes {

    Routes get(String path, OperatorRole role, Handler handler);

    Routes post(String path, OperatorRole role, Handler handler);

    Routes put(String path, OperatorRole role, Handler handler);

    Routes delete(String path, OperatorRole role, Handler handler);
}
