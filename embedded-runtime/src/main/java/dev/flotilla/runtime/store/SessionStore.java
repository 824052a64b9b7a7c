package dev.flotilla.runtime.store;

import java.time.Duration;
import java.util.List;

/**
 * Conversation turns per session: a Redis list that expires after the session's last use. The
 * turns are opaque here (JSON written by the memory); a turn stored with a run's outcome goes
 * through {@link RunRecords#finish} instead, so it is written once, by the run's lease holder.
 */
public final class SessionStore {

    private final Redis redis;
    private final Keys keys;

    public SessionStore(Store store, Keys keys) {
        this.redis = store.redis();
        this.keys = keys;
    }

    /** The session's turns, oldest first; empty when unknown or expired. */
    public List<String> turns(String sessionId) {
        return redis.call(j -> j.lrange(keys.session(sessionId), 0, -1));
    }

    public void forget(String sessionId) {
        redis.run(j -> j.del(keys.session(sessionId)));
    }

    /** Appends a turn, keeps the last {@code maxTurns}, and makes the session expire {@code ttl} from now; atomically. */
    public void append(String sessionId, String turn, int maxTurns, Duration ttl) {
        String key = keys.session(sessionId);
        redis.run(j -> {
            try (var tx = j.multi()) {
                tx.rpush(key, turn);
                tx.ltrim(key, -maxTurns, -1);
                tx.pexpire(key, ttl.toMillis());
                tx.exec();
            }
        });
    }
}
