package dev.flotilla.runtime.api;

import dev.flotilla.runtime.security.ApiKeys;
import io.javalin.Javalin;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP gateway of a node (API v1), as a shell: it authenticates, checks each route's operator
 * role, reads bodies within their limit and maps every error to JSON, each in one place; the
 * {@link Routes} it is given translate requests to the node.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final AccessControl access;
    private final BodyReader bodies;
    private final List<Routes> routes;
    private Javalin app;

    public Gateway(ApiKeys keys, BodyReader bodies, List<Routes> routes) {
        this(new AccessControl(keys), bodies, routes);
    }

    /** A gateway whose keys, failure throttling and audit are {@code access}'s. */
    public Gateway(AccessControl access, BodyReader bodies, List<Routes> routes) {
        this.access = access;
        this.bodies = bodies;
        this.routes = List.copyOf(routes);
    }

    /** Starts listening; {@code port} 0 picks a free port. */
    public Gateway start(String host, int port) {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = bodies.maxBytes();
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.routes.before("/v1/*", access::authenticate);
            config.routes.beforeMatched(access::authorize);
            routes.forEach(r -> r.register(config.routes));
            ErrorMapping.install(config.routes);
        });
        try {
            app.start(host, port);
        } catch (io.javalin.util.JavalinBindException e) {
            close();
            throw new IllegalStateException("port " + port + " on " + host + " is already in use; choose another with --port");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Stops accepting connections; routes that hold resources (event streams) close them. */
    @Override
    public void close() {
        for (Routes r : routes) {
            if (r instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.debug("while closing {}: {}", r.getClass().getSimpleName(), e.getMessage());
                }
            }
        }
        if (app != null) app.stop();
    }
}
