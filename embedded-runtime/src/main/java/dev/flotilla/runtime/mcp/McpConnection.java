package dev.flotilla.runtime.mcp;

import dev.flotilla.runtime.json.Json;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MCP server, through the official MCP Java SDK: started (stdio) or reached (Streamable HTTP),
 * its tools listed, its tools called with a timeout. A watchdog pings it; a server that died or
 * stopped answering is marked unavailable (its tools answer so at once) and started again with
 * backoff (1 s doubling to 30 s) until it answers.
 */
public final class McpConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(McpConnection.class);
    static final Duration PING_EVERY = Duration.ofSeconds(2);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration PING_TIMEOUT = Duration.ofSeconds(3);

    private final McpServerSpec spec;
    private volatile McpSyncClient client;
    private volatile boolean available;
    private volatile boolean closed;
    private volatile int restarts;
    private Thread watchdog;

    public McpConnection(McpServerSpec spec) {
        this.spec = spec;
    }

    public McpServerSpec spec() { return spec; }

    /** Connects and lists the server's tools; the message of a failure names the server. */
    public synchronized List<McpSchema.Tool> start() {
        List<McpSchema.Tool> tools = connect();
        watchdog = Thread.ofVirtual().name("mcp-watchdog-" + spec.name()).start(this::watch);
        return tools;
    }

    private List<McpSchema.Tool> connect() {
        McpSyncClient c = McpClient.sync(transport())
                // starting and listing may take long (npx fetches the package on first start); tool calls are cut by call()
                .requestTimeout(spec.callTimeout().compareTo(START_TIMEOUT) > 0 ? spec.callTimeout() : START_TIMEOUT)
                .initializationTimeout(START_TIMEOUT)
                .clientInfo(new McpSchema.Implementation("flotilla", "0.1.0"))
                .build();
        try {
            c.initialize();
            List<McpSchema.Tool> tools = c.listTools().tools();
            client = c;
            available = true;
            return tools;
        } catch (RuntimeException e) {
            c.close();
            throw new IllegalStateException("MCP server " + spec.name() + " did not start: " + message(e), e);
        }
    }

    private McpClientTransport transport() {
        if (spec.stdio()) {
            ServerParameters params = ServerParameters.builder(spec.command().getFirst())
                    .args(spec.command().subList(1, spec.command().size())).env(spec.env()).build();
            StdioClientTransport t = new StdioClientTransport(params, McpJsonDefaults.getMapper());
            t.setStdErrorHandler(line -> log.debug("mcp {}: {}", spec.name(), line));
            return t;
        }
        return HttpClientStreamableHttpTransport.builder(spec.url()).build();
    }

    /** Pings the server; when it fails, marks it unavailable and starts it again with backoff. */
    private void watch() {
        Duration backoff = Duration.ofSeconds(1);
        while (!closed) {
            try {
                Thread.sleep(available ? PING_EVERY : backoff);
                if (closed) return;
                if (available) {
                    ping();
                    backoff = Duration.ofSeconds(1);
                } else {
                    reconnect();
                    log.info("MCP server {} is back (restart {})", spec.name(), restarts);
                    backoff = Duration.ofSeconds(1);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) return;
                if (available) {
                    available = false;
                    log.warn("MCP server {} stopped answering ({}); its tools are unavailable until it is back", spec.name(), message(e));
                    closeClient();
                } else {
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                    log.debug("MCP server {} still down: {}", spec.name(), message(e));
                }
            }
        }
    }

    /** A ping answered within {@link #PING_TIMEOUT}, or an exception: a dead server does not answer at all. */
    private void ping() throws InterruptedException {
        McpSyncClient c = client;
        FutureTask<Object> task = new FutureTask<>(c::ping);
        Thread.ofVirtual().name("mcp-ping-" + spec.name()).start(task);
        try {
            task.get(PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer to a ping within " + PING_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException(message(e.getCause()), e.getCause());
        } finally {
            task.cancel(true);
        }
    }

    private synchronized void reconnect() {
        connect();
        restarts++;
    }

    public boolean available() { return available; }

    /** Times the server was started again after it died. */
    public int restarts() { return restarts; }

    /** Calls {@code tool} with {@code argumentsJson}; the result as text (text contents joined), cut to the configured size. */
    public String call(String tool, String argumentsJson) {
        McpSyncClient c = client;
        if (!available || c == null) return "error: MCP server " + spec.name() + " is unavailable (restarting); try again later";
        Map<String, Object> args;
        try {
            args = argumentsJson == null || argumentsJson.isBlank() ? Map.of()
                    : Json.MAPPER.readValue(argumentsJson, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            return "error: the arguments are not a JSON object: " + e.getMessage();
        }
        McpSchema.CallToolResult result;
        Map<String, Object> arguments = args == null ? Map.of() : args;
        FutureTask<McpSchema.CallToolResult> task = new FutureTask<>(() -> c.callTool(new McpSchema.CallToolRequest(tool, arguments)));
        Thread.ofVirtual().name("mcp-call-" + spec.name()).start(task);
        try {
            result = task.get(spec.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return "error: tool " + spec.name() + "." + tool + " took longer than " + spec.callTimeout().toSeconds() + " s and was cut";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "error: tool " + spec.name() + "." + tool + " was stopped";
        } catch (ExecutionException e) {
            return "error: tool " + spec.name() + "." + tool + " failed: " + message(e.getCause());
        } finally {
            task.cancel(true); // a cut call is not waited for
        }
        StringBuilder text = new StringBuilder();
        if (Boolean.TRUE.equals(result.isError())) text.append("error: ");
        for (McpSchema.Content content : result.content() == null ? List.<McpSchema.Content>of() : result.content()) {
            if (!text.isEmpty() && !text.toString().equals("error: ")) text.append('\n');
            if (content instanceof McpSchema.TextContent t) text.append(t.text());
            else text.append('[').append(content.type()).append(" content]");
        }
        if (text.length() > spec.maxResultChars()) {
            int more = text.length() - spec.maxResultChars();
            text.setLength(spec.maxResultChars());
            text.append("… [cut: ").append(more).append(" more characters]");
        }
        return text.toString();
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) t = t.getCause();
        return String.valueOf(t.getMessage()).lines().findFirst().orElse("");
    }

    private void closeClient() {
        McpSyncClient c = client;
        if (c == null) return;
        try {
            c.closeGracefully();
        } catch (RuntimeException e) {
            log.debug("closing MCP server {}: {}", spec.name(), e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        available = false;
        if (watchdog != null) watchdog.interrupt();
        closeClient();
    }
}
