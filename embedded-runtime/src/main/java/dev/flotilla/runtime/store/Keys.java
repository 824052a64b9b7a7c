package dev.flotilla.runtime.store;

/**
 * Every Redis key of one fleet. All share the hash tag {@code {fleet}} so a Redis Cluster keeps a
 * fleet's keys in one slot (Lua scripts and MULTI span several of them).
 */
public final class Keys {

    private final String prefix;

    public Keys(String fleet) {
        if (fleet == null || !fleet.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("fleet name must be 1-64 of [A-Za-z0-9_.-]: " + fleet);
        }
        this.prefix = "flotilla:{" + fleet + "}:";
    }

    public String run(String runId) { return prefix + "run:" + runId; }
    public String runIndex() { return prefix + "runs"; }
    /** The runs in one status, by creation time (kept by the run scripts; named after {@link #runIndex()}). */
    public String runsWithStatus(String status) { return runIndex() + ":" + status; }
    /** Set once the runs stored before the status indexes existed are in them. */
    public String statusIndexesBuilt() { return runIndex() + ":indexed"; }
    /** A client's idempotency key → "run id, space, request fingerprint". */
    public String idempotency(String key) { return prefix + "idem:" + key; }
    public String queue(String agent) { return prefix + "queue:" + agent; }
    public String session(String sessionId) { return prefix + "session:" + sessionId; }
    public String nodes() { return prefix + "nodes"; }
    public String events() { return prefix + "events"; }
    public String deadLetters() { return prefix + "deadletters"; }
    /** run id → its entry in the dead-letter stream. */
    public String deadLetterIndex() { return prefix + "deadletters:index"; }
    /** Commands (pause, drain, scale…) waiting for one node. */
    public String nodeCommands(String node) { return prefix + "node-commands:" + node; }
    /** The fleet's recent resilience and control events of one type, newest first, capped. */
    public String resilienceRecent(String type) { return prefix + "resilience:recent:" + type; }

    /** A gateway token bucket; {@code scope} is key or agent, {@code subject} a key fingerprint or an agent name. */
    public String requestBucket(String scope, String subject) { return prefix + "rl:" + scope + ":" + subject; }

    /** A provider budget bucket; {@code limit} is rpm or tpm. */
    public String providerBucket(String provider, String model, String limit) {
        return prefix + "rl:provider:" + provider + "/" + model + ":" + limit;
    }

    /** The fleet's managed API keys: key id → its record (JSON, the secret's SHA-256 only, never the secret). */
    public String apiKeys() { return prefix + "apikeys"; }
    /** Raised on every change of {@link #apiKeys()}, so nodes refresh their cache of keys when it moves. */
    public String apiKeysVersion() { return prefix + "apikeys:version"; }
}
