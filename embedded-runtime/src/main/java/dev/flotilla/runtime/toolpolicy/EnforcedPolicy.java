package dev.flotilla.runtime.toolpolicy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.runtime.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tool policy this node enforces, cached: read from the fleet when the node starts and on every
 * heartbeat (one round trip a beat, which also carries the calls recorded since the last beat), so
 * a tool call never waits on Redis and a published version is in force within one beat.
 */
final class EnforcedPolicy {

    private static final Logger log = LoggerFactory.getLogger(EnforcedPolicy.class);
    /** Calls waiting for the next beat beyond this are dropped (counted): dry runs see fewer, runs lose nothing. */
    static final int PENDING_MAX = 5_000;
    /** Arguments kept for dry runs, at most (longer ones are cut and cannot match a constraint the same way). */
    static final int ARGUMENTS_KEPT = 2_000;

    private final PolicyStore store;
    private final Clock clock;
    private volatile PolicyVersion current;
    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingSize = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    EnforcedPolicy(PolicyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.current = PolicyVersion.defaults();
    }

    PolicyVersion current() { return current; }

    /** Remembers a decided call for dry runs; no I/O (it goes with the next beat). */
    void record(String runId, String role, String tool, String arguments, Decision decision) {
        if (pendingSize.incrementAndGet() > PENDING_MAX) {
            pendingSize.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("run", runId).put("role", role).put("tool", tool)
         .put("args", arguments.length() <= ARGUMENTS_KEPT ? arguments : arguments.substring(0, ARGUMENTS_KEPT))
         .put("decision", decision.verdict().wire()).put("at", clock.instant().toString());
        pending.add(Json.write(n));
    }

    /** Pushes the recorded calls and takes a newer version if there is one: the node's heartbeat, and before a dry run. */
    synchronized Map<String, Object> refresh() {
        List<String> batch = new ArrayList<>();
        for (String c; (c = pending.poll()) != null; ) batch.add(c);
        pendingSize.addAndGet(-batch.size());
        PolicyStore.Beat beat;
        try {
            beat = store.beat(current.number(), batch);
        } catch (RuntimeException e) {
            pending.addAll(batch); // try again on the next beat (the bound still holds: at most PENDING_MAX)
            pendingSize.addAndGet(batch.size());
            throw e;
        }
        if (beat.changed() != null && beat.changed().number() != current.number()) {
            log.info("tool policy version {} in force (was {})", beat.changed().number(), current.number());
            current = beat.changed();
        }
        return Map.of("policy_version", current.number(), "calls_dropped", dropped.get());
    }

    /** Takes {@code v} at once (this node published it); a later heartbeat confirms it. */
    synchronized void take(PolicyVersion v) {
        if (v.number() > current.number() || v.number() == 0) current = v;
    }
}
