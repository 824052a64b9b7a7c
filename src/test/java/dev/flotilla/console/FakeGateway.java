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
 * A small real HTTP server that answers like a node's gateway, for the routes of issue 3 that the
 * runtime does not serve yet: {@code /v1/nodes/…}, {@code /v1/resilience}, {@code /v1/dead-letters}
 * and the new fields of {@code /v1/fleet} and of runs. The console reaches it with its real
 * FleetClient and its real event stream, so only the node is pretend.
 *
 * <p>Replace with the local fleet (TestNodes / FleetRuntime) once the runtime serves
 * /v1/nodes, /v1/resilience, /v1/dead-letters and run timelines.
 *
 * <p>Answers are set per {@code "METHOD /path"} (no query); anything else is the bare
 * {@code 404 not_found} the runtime's router gives for a route it does not have. Every request is
 * recorded, so a test can check that Cancel sent nothing. {@code GET /v1/events} is a live SSE
 * stream that {@link #emit} writes to.
 */
public final class FakeGateway implements AutoCloseable {

    public static final String KEY = "fake-admin-key-0123456789";

    /** A request as it arrived. */
    public record Request(String method, String path, String body) {}

    /** What to answer: a status and a JSON body (empty for none). */
    public record Answer(int status, String body) {}

    @FunctionalInterface
    public interface Handler {
        Answer handle(Request request);
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("fake-gateway-", 0).factory());
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
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

    /** The requests made with {@code method} to {@code path}, oldest first. */
    public List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    /** Every request but reads (GET), oldest first: what changed something, or tried to. */
    public List<Request> writes() {
        return requests.stream().filter(r -> !r.method().equals("GET")).toList();
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
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), body);
        if (!("Bearer " + KEY).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            answer(ex, new Answer(401, error("unauthorized", "missing or wrong API key")));
            return;
        }
        requests.add(request);
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
