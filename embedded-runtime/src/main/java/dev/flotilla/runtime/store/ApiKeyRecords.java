package dev.flotilla.runtime.store;

import java.util.Map;

/**
 * Where a fleet keeps its managed API keys: one hash of key id → record (JSON; what it says is
 * {@code security/KeyRing}'s business) and a version number raised with every change, which every
 * node polls cheaply to know when to read the hash again.
 */
public final class ApiKeyRecords {

    private final Redis redis;
    private final Keys keys;

    public ApiKeyRecords(Store store, Keys keys) {
        this.redis = store.redis();
        this.keys = keys;
    }

    /** Writes one key's record and raises the version, in one transaction. */
    public void put(String id, String record) {
        redis.run(j -> {
            try (var tx = j.multi()) {
                tx.hset(keys.apiKeys(), id, record);
                tx.incr(keys.apiKeysVersion());
                tx.exec();
            }
        });
    }

    /** The version of the key records: it moves whenever one changes. */
    public long version() {
        String v = redis.call(j -> j.get(keys.apiKeysVersion()));
        return v == null ? 0 : Long.parseLong(v);
    }

    /** Every record, by key id. */
    public Map<String, String> all() {
        return redis.call(j -> j.hgetAll(keys.apiKeys()));
    }
}
