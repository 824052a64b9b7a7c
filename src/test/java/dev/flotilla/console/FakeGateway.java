package dev.flotilla.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A node of an older Flotilla version, for the one situation a real node of this version cannot
 * produce: a fleet whose nodes lack the routes of issue 3 ({@code /v1/nodes/…},
 * {@code /v1/resilience}, {@code /v1/dead-letters}) and the node fields that come with them. Every
 * other test runs against real nodes ({@link TestNodes}).
 *
 * <p>It is a small real HTTP server, so the console reaches it with its real FleetClient and its
 * real event stream. Answers are set per {@code "METHOD /path"} (no query); anything else is the
 * bare {@code 404 not_found} a node's router gives for a route it does not have
 * (FleetClientContractTest checks that a real node answers an unknown route exactly so).
 * {@code GET /v1/events} is a live SSE stream that {@link #emit} writes to.
 */
public final class FakeGateway implements AutoCloseable {

    public static final String KEY = "fake-admin-key-0123456789";

    /** A request as it arrived. */
    public record Request(String method, String path) {}

    /** What to answer: a status and a JSON body (empty for none). */
    public record Answer(int status, String body) {}

    @FunctionalInterface
    public interface Handler {
        Answer handle(Request request);
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fake-gateway-", 0).factory());
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<HttpExchange> streams = new CopyOnWriteArrayList<>();

    public FakeGateway() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a port for the fake gateway", e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method path} with {@code handler}, replacing what was there. */
    public FakeGateway on(String method, String path, Handler handler) {
        routes.put(method + " " + path, handler);
        return this;
    }

    /** Answers {@code method path} with a fixed status and JSON body. */
    public FakeGateway json(String method, String path, int status, String body) {
        return on(method, path, r -> new Answer(status, body));
    }

    public int openStreams() {
        return streams.size();
    }

    /** Sends one event to every open {@code /v1/events} stream. */
    public void emit(String type, String json) {
        byte[] frame = ("event: " + type + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (HttpExchange ex : streams) {
            try {
                OutputStream out = ex.getResponseBody();
                synchronized (ex) {
                    out.write(frame);
                    out.flush();
                }
            } catch (IOException gone) {
                streams.remove(ex);
            }
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        Request request = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath());
        if (!("Bearer " + KEY).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            answer(ex, new Answer(401, error("unauthorized", "missing or wrong API key")));
            return;
        }
        if (request.method().equals("GET") && request.path().equals("/v1/events")) {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write(": hello\n\n".getBytes(StandardCharsets.UTF_8));
            ex.getResponseBody().flush();
            streams.add(ex); // left open: emit() writes to it until the server stops
            return;
        }
        Handler h = routes.get(request.method() + " " + request.path());
        Answer a = h == null
                ? new Answer(404, error("not_found", "Endpoint " + request.method() + " " + request.path() + " not found"))
                : h.handle(request);
        answer(ex, a);
    }

    private static void answer(HttpExchange ex, Answer a) throws IOException {
        byte[] bytes = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0) ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    /** The error body every node answers with. */
    public static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    @Override
    public void close() {
        streams.forEach(HttpExchange::close);
        server.stop(0);
        threads.shutdownNow();
    }
}
