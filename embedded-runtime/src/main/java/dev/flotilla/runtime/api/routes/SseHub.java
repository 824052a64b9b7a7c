package dev.flotilla.runtime.api.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's open SSE streams. Fleet events arrive on the Redis subscriber thread, which must never
 * block on a slow reader (it also carries cancellations), so each stream has its own bounded
 * queue and writer thread; a stream that falls {@link #BACKLOG} events behind is closed and its
 * client reconnects.
 */
final class SseHub implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SseHub.class);
    static final int BACKLOG = 1_000;
    private static final String PING = "\u0000ping";

    /** One open stream: what it follows ("" for everything) and what waits to be written. */
    private record Stream(String runFilter, BlockingQueue<String[]> outbox) {}

    private final ObjectMapper json;
    private final Map<SseClient, Stream> streams = new ConcurrentHashMap<>();

    SseHub(ObjectMapper json) {
        this.json = json;
    }

    void open(SseClient client, String runFilter) {
        Stream s = new Stream(runFilter == null ? "" : runFilter, new ArrayBlockingQueue<>(BACKLOG));
        client.keepAlive();
        streams.put(client, s);
        client.onClose(() -> {
            streams.remove(client);
            s.outbox().offer(new String[] {null, null}); // lets the writer thread end
        });
        client.sendComment("connected");
        Thread.ofVirtual().name("sse-writer").start(() -> write(client, s));
    }

    /** Called on the event thread: reads the type and run once, queues for each interested stream, never blocks. */
    void publish(String eventJson) {
        if (streams.isEmpty()) return;
        // events are our own compact JSON with plain type and run id values: a scan, not a parse, on this hot path
        String type = plainField(eventJson, "\"type\":\"");
        String runId = plainField(eventJson, "\"run_id\":\"");
        if (type == null) {
            try {
                JsonNode event = json.readTree(eventJson);
                type = event.path("type").asText("event");
                runId = event.path("run_id").asText("");
            } catch (Exception e) {
                return;
            }
        }
        String run = runId == null ? "" : runId;
        String[] item = {type, eventJson};
        streams.forEach((client, s) -> {
            if (!s.runFilter().isEmpty() && !s.runFilter().equals(run)) return;
            if (!s.outbox().offer(item)) {
                log.warn("an event stream fell {} events behind; closing it so its client reconnects", BACKLOG);
                streams.remove(client);
                s.outbox().clear();
                s.outbox().offer(new String[] {null, null}); // wakes the writer, which closes the stream
            }
        });
    }

    void ping() {
        streams.values().forEach(s -> s.outbox().offer(new String[] {PING, null}));
    }

    int size() {
        return streams.size();
    }

    /** The value of a string field whose value has no escapes, or null when it is not there in that form. */
    static String plainField(String json, String prefix) {
        int i = json.indexOf(prefix);
        if (i < 0) return null;
        int start = i + prefix.length();
        int end = json.indexOf('"', start);
        if (end < 0) return null;
        String v = json.substring(start, end);
        return v.indexOf('\\') >= 0 ? null : v;
    }

    /**
     * Writes what waits in the outbox, as many events as are there in one write and one flush:
     * under load a stream carries thousands of events a second, and Javalin's per-event emitter
     * allocates two 8 KB buffers per event.
     */
    private void write(SseClient client, Stream s) {
        java.util.List<String[]> batch = new java.util.ArrayList<>(64);
        StringBuilder text = new StringBuilder(4096);
        try {
            var res = client.ctx().res();
            var out = res.getOutputStream();
            boolean open = true;
            while (open && !client.terminated()) {
                batch.add(s.outbox().take());
                s.outbox().drainTo(batch, 255);
                text.setLength(0);
                for (String[] item : batch) {
                    if (item[0] == null) {
                        open = false;
                        break;
                    }
                    if (PING.equals(item[0])) text.append(": ping\n\n");
                    else text.append("event: ").append(item[0]).append("\ndata: ").append(item[1]).append("\n\n");
                }
                batch.clear();
                if (!text.isEmpty()) {
                    out.write(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    res.flushBuffer();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException | RuntimeException e) {
            log.debug("event stream closed: {}", e.getMessage());
        } finally {
            streams.remove(client);
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }

    @Override
    public void close() {
        streams.forEach((client, s) -> s.outbox().offer(new String[] {null, null}));
        streams.clear();
    }
}
