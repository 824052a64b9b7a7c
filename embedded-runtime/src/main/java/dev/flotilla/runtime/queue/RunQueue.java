package dev.flotilla.runtime.queue;

import dev.flotilla.runtime.redis.Keys;
import dev.flotilla.runtime.redis.LuaScript;
import dev.flotilla.runtime.run.RunStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
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
 * has idled longer than the lease. Run transitions in {@link RunStore} forget the entry in the
 * same step as they store the outcome. Works on Redis 5.0 (XPENDING + XCLAIM) and uses XAUTOCLAIM
 * from 6.2 on.
 */
public final class RunQueue {

    public static final String GROUP = "workers";

    /**
     * One delivery of a run to this node. {@code reclaimed}: taken over from a node whose lease
     * expired; {@code requeued}: put back by a node (drain, failed delivery) or replayed.
     */
    public record Delivery(String agent, StreamEntryID entryId, String runId, boolean reclaimed, boolean requeued) {
        /** Only a run's first trip through the line counts against the queue timeout. */
        public boolean firstInLine() { return !reclaimed && !requeued; }

        public RunStore.Entry entry() { return new RunStore.Entry(agent, entryId.toString(), GROUP); }
    }

    /** What one reclaim step found, and where the next step goes on (0-0: from the start). */
    public record Reclaimed(List<Delivery> deliveries, StreamEntryID next) {}

    /**
     * Renews the leases a consumer holds: resets the idle time of each entry it still owns; returns
     * the ids it no longer owns (reclaimed by another node, or gone), whose runs it must stop.
     */
    private static final LuaScript RENEW = new LuaScript("""
            local lost = {}
            for i = 3, #ARGV do
              local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
              if #p == 0 or p[1][2] ~= ARGV[2] then
                lost[#lost + 1] = ARGV[i]
              else
                redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
              end
            end
            return lost
            """);

    /** Un-takes an entry this node read but will not run: a fresh entry at the end of the line, the old one forgotten. */
    private static final LuaScript GIVE_BACK = new LuaScript("""
            local entry = redis.call('XADD', KEYS[1], '*', 'run_id', ARGV[3], 'requeued', '1')
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            redis.call('XDEL', KEYS[1], ARGV[2])
            if redis.call('HGET', KEYS[2], 'entry') == ARGV[2] then redis.call('HSET', KEYS[2], 'entry', entry) end
            return 1
            """);

    private final UnifiedJedis redis;
    private final Keys keys;
    private final boolean autoClaim;

    /** {@code autoClaim}: the server has XAUTOCLAIM (Redis 6.2+); see {@link #serverHasAutoClaim}. */
    public RunQueue(UnifiedJedis redis, Keys keys, boolean autoClaim) {
        this.redis = redis;
        this.keys = keys;
        this.autoClaim = autoClaim;
    }

    public RunQueue(UnifiedJedis redis, Keys keys) {
        this(redis, keys, serverHasAutoClaim(redis));
    }

    /** True from Redis 6.2 on, where XAUTOCLAIM exists. */
    public static boolean serverHasAutoClaim(UnifiedJedis redis) {
        String info = redis.info("server");
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                String[] v = line.substring("redis_version:".length()).trim().split("\\.");
                int major = Integer.parseInt(v[0]);
                int minor = v.length > 1 ? Integer.parseInt(v[1]) : 0;
                return major > 6 || (major == 6 && minor >= 2);
            }
        }
        return false;
    }

    public boolean usesAutoClaim() { return autoClaim; }

    public void ensureGroup(String agent) {
        try {
            redis.xgroupCreate(keys.queue(agent), GROUP, new StreamEntryID(0, 0), true);
        } catch (JedisDataException e) {
            if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) throw e;
        }
    }

    /**
     * Waits up to {@code block} for up to {@code count} new runs of {@code agent}, on a connection of
     * the caller's own (a blocking read must never hold a pooled connection others need).
     */
    public List<Delivery> take(Jedis connection, String agent, String consumer, int count, Duration block) {
        var result = connection.xreadGroup(GROUP, consumer,
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
     * Takes over entries whose lease expired (idle longer than {@code minIdle}), scanning the pending
     * list from {@code from}; each call looks at a bounded slice, so the caller continues from
     * {@link Reclaimed#next()} until it comes back to 0-0.
     */
    public Reclaimed reclaim(String agent, String consumer, Duration minIdle, int count, StreamEntryID from) {
        return autoClaim ? autoClaim(agent, consumer, minIdle, count, from) : pendingClaim(agent, consumer, minIdle, count, from);
    }

    private Reclaimed autoClaim(String agent, String consumer, Duration minIdle, int count, StreamEntryID from) {
        var result = redis.xautoclaim(keys.queue(agent), GROUP, consumer, minIdle.toMillis(),
                from, XAutoClaimParams.xAutoClaimParams().count(count));
        List<Delivery> out = new ArrayList<>();
        for (StreamEntry e : result.getValue()) {
            if (e != null && e.getFields() != null) out.add(new Delivery(agent, e.getID(), e.getFields().get("run_id"), true, false));
        }
        return new Reclaimed(out, result.getKey());
    }

    /** Redis 5.0: list a slice of the pending entries, claim those idle long enough (XCLAIM re-checks the idle time). */
    private Reclaimed pendingClaim(String agent, String consumer, Duration minIdle, int count, StreamEntryID from) {
        String key = keys.queue(agent);
        int slice = 100;
        StreamEntryID start = from.equals(new StreamEntryID(0, 0)) ? StreamEntryID.MINIMUM_ID : from;
        List<StreamPendingEntry> pending = redis.xpending(key, GROUP,
                XPendingParams.xPendingParams(start, StreamEntryID.MAXIMUM_ID, slice));
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
            for (StreamEntry e : redis.xclaim(key, GROUP, consumer, minIdle.toMillis(), XClaimParams.xClaimParams(),
                    candidates.toArray(StreamEntryID[]::new))) {
                if (e != null && e.getFields() != null) out.add(new Delivery(agent, e.getID(), e.getFields().get("run_id"), true, false));
            }
        }
        return new Reclaimed(out, next);
    }

    /** Returns a delivery this node took but will not run (it was paused while the read waited). */
    public void giveBack(Delivery d) {
        GIVE_BACK.eval(redis, List.of(keys.queue(d.agent()), keys.run(d.runId())), List.of(GROUP, d.entryId().toString(), d.runId()));
    }

    public static boolean isMissingGroup(RuntimeException e) {
        return e instanceof JedisDataException && String.valueOf(e.getMessage()).startsWith("NOGROUP");
    }

    /**
     * Renews this node's leases on {@code entries} of one agent's stream; returns the entries it no
     * longer holds (another node took them over), whose runs must stop without writing anything.
     */
    public List<String> renew(String agent, String consumer, List<String> entryIds) {
        if (entryIds.isEmpty()) return List.of();
        List<String> args = new ArrayList<>(entryIds.size() + 2);
        args.add(GROUP);
        args.add(consumer);
        args.addAll(entryIds);
        @SuppressWarnings("unchecked")
        List<String> lost = (List<String>) RENEW.eval(redis, List.of(keys.queue(agent)), args);
        return lost;
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
