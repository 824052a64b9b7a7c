package dev.flotilla.runtime.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.AuditEntry;
import dev.flotilla.runtime.kernel.AuditTrail;
import dev.flotilla.runtime.kernel.FleetScript;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keeper of the node's audit trail: {@link #record} stamps the time and queues (never blocks,
 * never throws); one background writer, started when entries wait and gone when none do, links
 * batches of up to {@value #BATCH} entries onto the fleet's chain and appends each batch in one
 * script, which refuses a batch built on a stale end (another node appended): the writer then
 * relinks it on the actual end. A full queue drops entries and counts them (logged).
 */
final class AuditWriter implements AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditWriter.class);
    static final int BATCH = 256;
    private static final int ATTEMPTS = 20;

    private record Pending(AuditEntry entry, Instant time) {}

    private final FleetScript append;
    private final List<String> keys;
    private final Clock clock;
    private final BlockingQueue<Pending> queue;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    // the chain's end as this node last saw it; a stale one costs one refused append
    private long lastSeq = -1;
    private String lastHash;

    AuditWriter(FleetScript append, List<String> keys, Clock clock, int capacity) {
        this.append = append;
        this.keys = List.copyOf(keys);
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void record(AuditEntry entry) {
        if (!queue.offer(new Pending(entry, clock.instant()))) {
            if (dropped.getAndIncrement() % 1000 == 0) log.warn("audit queue full: dropped {} entries so far", dropped.get());
            return;
        }
        if (writing.compareAndSet(false, true)) Thread.ofVirtual().name("audit-writer").start(this::drain);
    }

    private void drain() {
        while (true) {
            List<Pending> batch = new ArrayList<>();
            try {
                Pending first = queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!batch.isEmpty()) {
                write(batch);
                continue;
            }
            writing.set(false);
            // an entry queued after the poll and before the flag fell would wait for the next record(): take it now
            if (queue.isEmpty() || !writing.compareAndSet(false, true)) return;
        }
    }

    private void write(List<Pending> batch) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                if (lastSeq < 0) readEnd();
                List<String> args = new ArrayList<>(batch.size() + 3);
                args.add(Long.toString(lastSeq));
                args.add(lastHash);
                args.add(""); // the batch's last hash, set below
                long seq = lastSeq;
                String prev = lastHash;
                for (Pending p : batch) {
                    ObjectNode linked = AuditChain.link(p.entry(), p.time(), ++seq, prev);
                    prev = linked.get("hash").asText();
                    args.add(Json.write(linked));
                }
                args.set(2, prev);
                List<?> reply = (List<?>) append.run(keys, args);
                lastSeq = Long.parseLong(String.valueOf(reply.get(1)));
                lastHash = String.valueOf(reply.get(2));
                if (((Number) reply.get(0)).longValue() == 1) {
                    written.addAndGet(batch.size());
                    return;
                }
            } catch (RuntimeException e) {
                lastSeq = -1;
                if (attempt == ATTEMPTS) {
                    log.warn("could not append {} audit entries ({}); they are lost", batch.size(), e.toString());
                    dropped.addAndGet(batch.size());
                    return;
                }
                sleep(Duration.ofMillis(Math.min(2_000, 50L * attempt)));
            }
        }
        log.warn("could not append {} audit entries: the chain kept moving under {} attempts; they are lost", batch.size(), ATTEMPTS);
        dropped.addAndGet(batch.size());
    }

    private void readEnd() {
        // an empty append on a surely-wrong end answers the actual end without changing anything
        List<?> reply = (List<?>) append.run(keys, List.of("-1", "", ""));
        lastSeq = Long.parseLong(String.valueOf(reply.get(1)));
        lastHash = String.valueOf(reply.get(2));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long written() { return written.get(); }

    long dropped() { return dropped.get(); }

    /** True once nothing waits and nothing is being written (tests wait for it). */
    boolean idle() {
        return queue.isEmpty() && !writing.get();
    }
}
