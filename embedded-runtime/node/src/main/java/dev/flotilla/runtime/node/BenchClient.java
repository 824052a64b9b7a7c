package dev.flotilla.runtime.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench's load generator side: submits runs over real HTTP (kept-alive connections, round robin
 * over the nodes) and learns every completion from one SSE stream, {@code GET /v1/events}, which
 * carries the whole fleet's events. It never polls a run, except to settle a run whose completion
 * event it may have missed (the stream dropped): those are counted and left out of latencies.
 */
final class BenchClient implements AutoCloseable {

    // the load generator runs in the node's JVM: its garbage would weigh on the figures, so the pooled mapper
    private static final ObjectMapper JSON = dev.flotilla.runtime.json.Json.MAPPER;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    /** One run as the client sees it: when its submit started and when its end was heard. */
    static final class Slot {
        final String runId;
        private long submitStart;
        private long doneAt;
        private String status;
        private boolean reconciled;
        private final CompletableFuture<Slot> done = new CompletableFuture<>();

        private Slot(String runId) { this.runId = runId; }

        private void submitted(long start) {
            synchronized (this) {
                submitStart = start;
                if (status == null) return;
            }
            done.complete(this);
        }

        /** Records the end; false when it was already known. */
        private boolean finished(long at, String finalStatus, boolean settledByGet) {
            synchronized (this) {
                if (status != null) return false;
                doneAt = at;
                status = finalStatus;
                reconciled = settledByGet;
                if (submitStart == 0) return true;
            }
            done.complete(this);
            return true;
        }

        synchronized long submitStart() { return submitStart; }

        synchronized long doneAt() { return doneAt; }

        synchronized String status() { return status; }

        /** Its end was read with GET after a stream drop, so its latency is unknown. */
        synchronized boolean reconciled() { return reconciled; }

        boolean isDone() { return done.isDone(); }

        /** Submit to completion heard, in nanoseconds. */
        long latencyNanos() { return doneAt() - submitStart(); }
    }

    private final List<String> baseUrls;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger streamDrops = new AtomicInteger();
    private final AtomicInteger reconciled = new AtomicInteger();
    private final AtomicLong rejected = new AtomicLong();
    private final CountDownLatch connected = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile InputStream stream;
    private Thread reader;

    BenchClient(List<String> baseUrls, String key) {
        this.baseUrls = List.copyOf(baseUrls);
        this.key = key;
    }

    /** Opens the event stream (on the first node) and sends one run through, so events are known to flow. */
    BenchClient open() throws Exception {
        // a platform thread: completions are timestamped as they arrive, not when a busy carrier gets to them
        reader = Thread.ofPlatform().daemon().name("bench-events").start(this::readEvents);
        if (!connected.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("the event stream did not open within 10 s");
        Slot probe = submit("probe");
        await(probe, Duration.ofSeconds(30));
        return this;
    }

    /** Submits one run to the next node; returns its slot (whose future completes when its end is heard). */
    Slot submit(String input) throws IOException, InterruptedException {
        String base = baseUrls.get(Math.floorMod(next.getAndIncrement(), baseUrls.size()));
        byte[] body = dev.flotilla.runtime.json.Json.write(JSON.createObjectNode().put("agent", "assistant").put("input", input))
                .getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/runs")).timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            rejected.incrementAndGet();
            throw new IOException("submit answered " + r.statusCode() + ": " + r.body());
        }
        String id = JSON.readTree(r.body()).path("run_id").asText();
        Slot slot = slots.computeIfAbsent(id, Slot::new);
        slot.submitted(start);
        return slot;
    }

    /** Waits for the end of a run; after {@code patience} without it, asks the node once, then waits on. */
    Slot await(Slot slot, Duration patience) throws Exception {
        while (true) {
            try {
                Slot s = slot.done.get(patience.toMillis(), TimeUnit.MILLISECONDS);
                slots.remove(s.runId);
                return s;
            } catch (TimeoutException e) {
                settle(slot);
            }
        }
    }

    /**
     * Waits until every slot has ended; when none ended for {@code stall} (a dropped stream may have
     * lost some ends), reads the ones still open once with GET. Returns how many ended.
     */
    int awaitAll(Collection<Slot> all, Duration stall, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        long lastProgress = System.nanoTime();
        int lastDone = -1;
        while (true) {
            int doneCount = 0;
            for (Slot s : all) if (s.isDone()) doneCount++;
            if (doneCount == all.size()) break;
            long now = System.nanoTime();
            if (doneCount != lastDone) {
                lastDone = doneCount;
                lastProgress = now;
            } else if (now - lastProgress > stall.toNanos()) {
                for (Slot s : all) if (!s.isDone()) settle(s);
                lastProgress = now;
            }
            if (now > deadline) break;
            Thread.sleep(20); // checks a counter; runs end through the event stream
        }
        int doneCount = 0;
        for (Slot s : all) {
            if (s.isDone()) {
                doneCount++;
                slots.remove(s.runId);
            }
        }
        return doneCount;
    }

    int streamDrops() { return streamDrops.get(); }

    int reconciled() { return reconciled.get(); }

    long rejected() { return rejected.get(); }

    private void settle(Slot slot) throws IOException, InterruptedException {
        String base = baseUrls.getFirst();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/runs/" + slot.runId)).timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) return;
        String status = JSON.readTree(r.body()).path("status").asText();
        if (status.equals("succeeded") || status.equals("failed") || status.equals("cancelled")) {
            if (slot.finished(System.nanoTime(), status, true)) reconciled.incrementAndGet();
        }
    }

    private void readEvents() {
        while (!closed) {
            try {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(baseUrls.getFirst() + "/v1/events"))
                        .header("Accept", "text/event-stream").header("Authorization", "Bearer " + key).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() != 200) throw new IOException("event stream answered " + r.statusCode());
                stream = r.body();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8), 64 * 1024)) {
                    String event = null;
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith(":")) {
                            connected.countDown();
                        } else if (line.startsWith("event:")) {
                            event = line.substring(6).strip();
                        } else if (line.startsWith("data:") && event != null) {
                            String status = switch (event) {
                                case "run.succeeded" -> "succeeded";
                                case "run.failed" -> "failed";
                                case "run.cancelled" -> "cancelled";
                                default -> null;
                            };
                            if (status != null) ended(line.substring(5), status);
                        } else if (line.isEmpty()) {
                            event = null;
                        }
                    }
                }
            } catch (IOException e) {
                // the node closed the stream (fell behind, or is stopping): reconnect below
            } catch (InterruptedException e) {
                return;
            }
            if (closed) return;
            streamDrops.incrementAndGet();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void ended(String data, String status) {
        long at = System.nanoTime();
        String runId;
        try {
            JsonNode event = JSON.readTree(data);
            runId = event.path("run_id").asText(null);
        } catch (IOException e) {
            return;
        }
        if (runId != null) slots.computeIfAbsent(runId, Slot::new).finished(at, status, false);
    }

    @Override
    public void close() {
        closed = true;
        InputStream s = stream;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // going away anyway
            }
        }
        if (reader != null) reader.interrupt();
        http.close();
    }
}
