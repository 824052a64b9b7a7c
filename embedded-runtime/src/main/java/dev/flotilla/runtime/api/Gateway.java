package dev.flotilla.runtime.api;

import dev.flotilla.runtime.security.ApiKeys;
import io.javalin.Javalin;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
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
    private GatewayTls tls;
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

    /** Serves HTTPS only, with {@code tls}'s key and certificate (call before {@link #start}). */
    public Gateway tls(GatewayTls tls) {
        this.tls = tls;
        return this;
    }

    public boolean https() {
        return tls != null;
    }

    /** Starts listening; {@code port} 0 picks a free port. */
    public Gateway start(String host, int port) {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = bodies.maxBytes();
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            if (tls != null) config.jetty.addConnector((server, http) -> httpsConnector(server, http, host, port));
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

    /** The only connector when TLS is on: Javalin adds its plain one only when none was added. */
    private ServerConnector httpsConnector(Server server, HttpConfiguration http, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.keyStore().toAbsolutePath().toString());
        ssl.setKeyStorePassword(tls.password());
        // clients reach a node by address as often as by name: the certificate's names are the client's to check
        http.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
        c.setHost(host);
        c.setPort(port);
        return c;
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
