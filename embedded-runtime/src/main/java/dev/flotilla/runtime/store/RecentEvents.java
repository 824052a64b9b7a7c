package dev.flotilla.runtime.store;

import dev.flotilla.runtime.telemetry.RecentEventLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The fleet's recent events of some types (resilience and control), kept for operators who look
 * later: one capped list per type, newest first, so a flood of one kind keeps the rare ones.
 */
public final class RecentEvents implements RecentEventLog {

    private final Redis redis;
    private final Keys keys;
    private final int perType;

    public RecentEvents(Store store, Keys keys, int perType) {
        if (perType < 1) throw new IllegalArgumentException("perType < 1: " + perType);
        this.redis = store.redis();
        this.keys = keys;
        this.perType = perType;
    }

    @Override
    public void remember(String type, String eventJson) {
        String key = keys.resilienceRecent(type);
        redis.run(j -> {
            try (var p = j.pipelined()) {
                p.lpush(key, eventJson);
                p.ltrim(key, 0, perType - 1);
                p.sync();
            }
        });
    }

    /** The kept events of these types (JSON), each type's newest first, in one round trip. */
    @Override
    public List<String> of(Collection<String> types) {
        return redis.call(j -> {
            List<redis.clients.jedis.Response<List<String>>> replies = new ArrayList<>();
            try (var p = j.pipelined()) {
                for (String type : types) replies.add(p.lrange(keys.resilienceRecent(type), 0, perType - 1));
                p.sync();
            }
            List<String> all = new ArrayList<>();
            replies.forEach(r -> all.addAll(r.get()));
            return all;
        });
    }
}
