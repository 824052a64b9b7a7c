package dev.flotilla.runtime.api;

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

    /** Called on the event thread: parses once, queues for each interested stream, never blocks. */
    void publish(String eventJson) {
        if (streams.isEmpty()) return;
        String type;
        String runId;
        try {
            JsonNode event = json.readTree(eventJson);
            type = event.path("type").asText("event");
            runId = event.path("run_id").asText("");
        } catch (Exception e) {
            return;
        }
        String[] item = {type, eventJson};
        streams.forEach((client, s) -> {
            if (!s.runFilter().isEmpty() && !s.runFilter().equals(runId)) return;
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

    private void write(SseClient client, Stream s) {
        try {
            while (!client.terminated()) {
                String[] item = s.outbox().take();
                if (item[0] == null) break;
                if (PING.equals(item[0])) client.sendComment("ping");
                else client.sendEvent(item[0], item[1]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
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
