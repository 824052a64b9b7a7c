package dev.flotilla.runtime.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.flotilla.runtime.redis.Keys;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The durable queue of runs, one Redis stream per agent read by the consumer group {@code workers}.
 * An entry stays pending until its run ends (ack + delete), so an entry whose node died is
 * reclaimed by another node; the entry only names the run, whose record lives in the run store.
 */
public final class RunQueue {

    public static final String GROUP = "workers";

    /**
     * One delivery of a run to this node. {@code reclaimed}: taken over from a silent node;
     * {@code requeued}: put back by a draining node (its wait in line already ended once).
     */
    public record Delivery(String agent, StreamEntryID entryId, String runId, boolean reclaimed, boolean requeued) {
        /** Only a run's first trip through the line counts against the queue timeout. */
        public boolean firstInLine() { return !reclaimed && !requeued; }
    }

    /** What one reclaim step found, and where the next step goes on (0-0: from the start). */
    public record Reclaimed(List<Delivery> deliveries, StreamEntryID next) {}

    private static final String ACK_AND_DELETE = """
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            return redis.call('XDEL', KEYS[1], ARGV[2])
            """;

    private final UnifiedJedis redis;
    private final Keys keys;

    public RunQueue(UnifiedJedis redis, Keys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public void ensureGroup(String agent) {
        try {
            redis.xgroupCreate(keys.queue(agent), GROUP, new StreamEntryID(0, 0), true);
        } catch (JedisDataException e) {
            if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) throw e;
        }
    }

    /** Waits up to {@code block} for one new run of {@code agent}. */
    public List<Delivery> take(String agent, String consumer, int count, Duration block) {
        var result = redis.xreadGroup(GROUP, consumer,
                XReadGroupParams.xReadGroupParams().count(count).block((int) block.toMillis()),
                Map.of(keys.queue(agent), StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        List<Delivery> out = new ArrayList<>();
        if (result == null) return out;
        for (var stream : result) {
            for (StreamEntry e : stream.getValue()) {
                out.add(new Delivery(agent, e.getID(), e.getFields().get("run_id"), false, "1".equals(e.getFields().get("requeued"))));
            }
        }
        return out;
    }

    /**
     * Takes over entries that another consumer (a dead node) has held longer than {@code minIdle},
     * scanning the pending list from {@code from}; Redis looks at a bounded slice per call, so the
     * caller continues from {@link Reclaimed#next()} until it comes back to 0-0.
     */
    public Reclaimed reclaim(String agent, String consumer, Duration minIdle, int count, StreamEntryID from) {
        var result = redis.xautoclaim(keys.queue(agent), GROUP, consumer, minIdle.toMillis(),
                from, XAutoClaimParams.xAutoClaimParams().count(count));
        List<Delivery> out = new ArrayList<>();
        for (StreamEntry e : result.getValue()) {
            if (e != null && e.getFields() != null) out.add(new Delivery(agent, e.getID(), e.getFields().get("run_id"), true, false));
        }
        return new Reclaimed(out, result.getKey());
    }

    public static boolean isMissingGroup(RuntimeException e) {
        return e instanceof JedisDataException && String.valueOf(e.getMessage()).startsWith("NOGROUP");
    }

    /**
     * Tells the fleet this node still works on {@code d}: resets the entry's idle time so no other
     * node reclaims a run that is merely slow.
     */
    public void touch(Delivery d, String consumer) {
        redis.xclaimJustId(keys.queue(d.agent()), GROUP, consumer, 0, XClaimParams.xClaimParams(), d.entryId());
    }

    /** The run is done with (finished, cancelled or handed back): forget the entry. */
    public void complete(Delivery d) {
        // one step, so a crash between the two never leaves an acked entry counted as waiting
        redis.eval(ACK_AND_DELETE, List.of(keys.queue(d.agent())), List.of(GROUP, d.entryId().toString()));
    }

    /** Puts a run back at the end of the line (drain hand-back). */
    public void requeue(String agent, String runId) {
        redis.xadd(keys.queue(agent), XAddParams.xAddParams(), Map.of("run_id", runId, "requeued", "1"));
    }

    /** Runs waiting for an agent: entries not yet delivered to any node. */
    public long depth(String agent) {
        String key = keys.queue(agent);
        long len = redis.xlen(key);
        if (len == 0) return 0;
        try {
            long pending = redis.xpending(key, GROUP).getTotal();
            return Math.max(0, len - pending);
        } catch (JedisDataException e) {
            return len;
        }
    }
}
