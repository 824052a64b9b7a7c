package dev.flotilla.runtime.store;

import dev.flotilla.runtime.queue.Delivery;
import dev.flotilla.runtime.store.lua.GiveBack;
import dev.flotilla.runtime.store.lua.RenewLeases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * The durable queue of runs, one Redis stream per agent read by the consumer group {@code workers}.
 * An entry stays pending while a node works on its run; that pending entry is the node's lease,
 * renewed by {@link #renew} (which resets its idle time) and taken over by {@link #reclaim} once it
 * has idled longer than the lease. {@link RunRecords}' scripts forget the entry in the same step
 * as they store the outcome. Works on Redis 5.0 (XPENDING + XCLAIM) and uses XAUTOCLAIM from 6.2 on.
 */
public final class QueueStore {

    public static final String GROUP = "workers";
    /** Where a reclaim scan starts, and what it returns once it has been through the pending entries. */
    public static final String SCAN_START = "0-0";

    /** What one reclaim step found, and where the next step goes on ({@link #SCAN_START}: from the start). */
    public record Reclaimed(List<Delivery> deliveries, String next) {}

    /**
     * A connection of one reader's own for blocking reads (a blocking read must never hold a pooled
     * connection others need). Not thread-safe; close it when done or after an error.
     */
    public static final class Reader implements AutoCloseable {
        private final Jedis connection;

        private Reader(Jedis connection) {
            this.connection = connection;
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (JedisException ignored) {
                // already broken
            }
        }
    }

    private final Store store;
    private final Redis redis;
    private final Keys keys;
    private final boolean autoClaim;

    /** {@code autoClaim}: the server has XAUTOCLAIM (Redis 6.2+); see {@link Store#serverHasAutoClaim}. */
    public QueueStore(Store store, Keys keys, boolean autoClaim) {
        this.store = store;
        this.redis = store.redis();
        this.keys = keys;
        this.autoClaim = autoClaim;
    }

    public QueueStore(Store store, Keys keys) {
        this(store, keys, store.serverHasAutoClaim());
    }

    public boolean usesAutoClaim() { return autoClaim; }

    /** A reader whose blocking reads wait at most {@code longestBlock} (its socket waits a little longer). */
    public Reader openReader(Duration longestBlock) {
        return new Reader(store.dedicated(longestBlock.plus(Duration.ofSeconds(2)), "flotilla-blocking"));
    }

    /** Makes the agent's stream and its consumer group, unless they exist. */
    public void ensureGroup(String agent) {
        redis.run(j -> {
            try {
                j.xgroupCreate(keys.queue(agent), GROUP, new StreamEntryID(0, 0), true);
            } catch (JedisDataException e) {
                if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) throw e;
            }
        });
    }

    /** Waits up to {@code block} for up to {@code count} new runs of {@code agent}, on the reader's connection. */
    public List<Delivery> take(Reader reader, String agent, String consumer, int count, Duration block) {
        List<Map.Entry<String, List<StreamEntry>>> result;
        try {
            result = reader.connection.xreadGroup(GROUP, consumer,
                    XReadGroupParams.xReadGroupParams().count(count).block((int) block.toMillis()),
                    Map.of(keys.queue(agent), StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        } catch (JedisException e) {
            throw Redis.translate(e);
        }
        List<Delivery> out = new ArrayList<>();
        if (result == null) return out;
        for (var stream : result) {
            for (StreamEntry e : stream.getValue()) {
                out.add(new Delivery(agent, e.getID().toString(), e.getFields().get("run_id"), false,
                        "1".equals(e.getFields().get("requeued"))));
            }
        }
        return out;
    }

    /**
     * Takes over entries whose lease expired (idle longer than {@code minIdle}), scanning the pending
     * list from {@code from}; each call looks at a bounded slice, so the caller continues from
     * {@link Reclaimed#next()} until it comes back to {@link #SCAN_START}.
     */
    public Reclaimed reclaim(String agent, String consumer, Duration minIdle, int count, String from) {
        return redis.call(j -> autoClaim ? autoClaim(j, agent, consumer, minIdle, count, new StreamEntryID(from))
                : pendingClaim(j, agent, consumer, minIdle, count, new StreamEntryID(from)));
    }

    private Reclaimed autoClaim(redis.clients.jedis.UnifiedJedis j, String agent, String consumer, Duration minIdle, int count,
                                StreamEntryID from) {
        var result = j.xautoclaim(keys.queue(agent), GROUP, consumer, minIdle.toMillis(), from,
                XAutoClaimParams.xAutoClaimParams().count(count));
        List<Delivery> out = new ArrayList<>();
        for (StreamEntry e : result.getValue()) {
            if (e != null && e.getFields() != null) out.add(new Delivery(agent, e.getID().toString(), e.getFields().get("run_id"), true, false));
        }
        return new Reclaimed(out, result.getKey().toString());
    }

    /** Redis 5.0: list a slice of the pending entries, claim those idle long enough (XCLAIM re-checks the idle time). */
    private Reclaimed pendingClaim(redis.clients.jedis.UnifiedJedis j, String agent, String consumer, Duration minIdle, int count,
                                   StreamEntryID from) {
        String key = keys.queue(agent);
        int slice = 100;
        StreamEntryID start = from.equals(new StreamEntryID(0, 0)) ? StreamEntryID.MINIMUM_ID : from;
        List<StreamPendingEntry> pending = j.xpending(key, GROUP, XPendingParams.xPendingParams(start, StreamEntryID.MAXIMUM_ID, slice));
        List<StreamEntryID> candidates = new ArrayList<>();
        StreamEntryID next = new StreamEntryID(0, 0);
        for (StreamPendingEntry p : pending) {
            if (candidates.size() == count) {
                next = p.getID();
                break;
            }
            // our own name included: a restarted node (same id) must take back what its previous life held;
            // entries still in flight in this process are renewed, so they are not idle, and the executor skips them anyway
            if (p.getIdleTime() >= minIdle.toMillis()) candidates.add(p.getID());
        }
        if (next.equals(new StreamEntryID(0, 0)) && pending.size() == slice) {
            StreamEntryID last = pending.getLast().getID();
            next = new StreamEntryID(last.getTime(), last.getSequence() + 1);
        }
        List<Delivery> out = new ArrayList<>();
        if (!candidates.isEmpty()) {
            for (StreamEntry e : j.xclaim(key, GROUP, consumer, minIdle.toMillis(), XClaimParams.xClaimParams(),
                    candidates.toArray(StreamEntryID[]::new))) {
                if (e != null && e.getFields() != null) out.add(new Delivery(agent, e.getID().toString(), e.getFields().get("run_id"), true, false));
            }
        }
        return new Reclaimed(out, next.toString());
    }

    /** Returns a delivery this node took but will not run (it was paused while the read waited). */
    public void giveBack(Delivery d) {
        redis.run(j -> GiveBack.call(j, keys.queue(d.agent()), keys.run(d.runId()), GROUP, d.entryId(), d.runId()));
    }

    /**
     * Renews this node's leases on {@code entryIds} of one agent's stream; returns the entries it no
     * longer holds (another node took them over), whose runs must stop without writing anything.
     */
    public List<String> renew(String agent, String consumer, List<String> entryIds) {
        if (entryIds.isEmpty()) return List.of();
        return redis.call(j -> RenewLeases.call(j, keys.queue(agent), GROUP, consumer, entryIds));
    }

    /** Runs waiting for an agent: entries not yet delivered to any node. */
    public long depth(String agent) {
        String key = keys.queue(agent);
        return redis.call(j -> {
            long len = j.xlen(key);
            if (len == 0) return 0L;
            try {
                return Math.max(0, len - j.xpending(key, GROUP).getTotal());
            } catch (JedisDataException e) {
                return len; // no group yet
            }
        });
    }
}
