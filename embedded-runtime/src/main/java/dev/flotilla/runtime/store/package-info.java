/**
 * The fleet's store: the only package of the runtime that talks to Redis (imports Jedis). The
 * rest of the runtime sees typed operations and the store's exceptions, never a client type.
 *
 * <ul>
 *   <li>{@link dev.flotilla.runtime.store.Store}: one node's connections; the typed stores are built on it and a
 *       {@link dev.flotilla.runtime.store.Keys}: {@link dev.flotilla.runtime.store.RunRecords} (runs, their
 *       indexes and state changes), {@link dev.flotilla.runtime.store.QueueStore} (the queue streams and leases),
 *       {@link dev.flotilla.runtime.store.DeadLetterStore}, {@link dev.flotilla.runtime.store.SessionStore},
 *       {@link dev.flotilla.runtime.store.NodeHeartbeats}, {@link dev.flotilla.runtime.store.BucketStore},
 *       {@link dev.flotilla.runtime.store.RecentEvents}, {@link dev.flotilla.runtime.store.EventChannel}; a feature
 *       module's own script through {@link dev.flotilla.runtime.store.Store#script}.</li>
 *   <li>Failures: {@link dev.flotilla.runtime.store.StoreUnavailableException} (unreachable, timed out: retry),
 *       {@link dev.flotilla.runtime.store.StoreFullException} (at {@code maxmemory}: nothing written),
 *       {@link dev.flotilla.runtime.store.QueueGroupMissingException}, else
 *       {@link dev.flotilla.runtime.store.StoreException} (a refused command).</li>
 *   <li>Lua: each script is a resource {@code /lua/NAME.lua} (shared functions in {@code /lua/lib/}),
 *       read once and run by its SHA, with a typed wrapper in {@code store.lua} that names its keys and
 *       arguments and turns its reply into records and enums.</li>
 *   <li>{@link dev.flotilla.runtime.store.EmbeddedRedis}: the redis-server a node owns when it is given no Redis.</li>
 * </ul>
 * What a run, a queue entry or a session is stays in {@code run/}, {@code queue/} and {@code memory/}.
 */
package dev.flotilla.runtime.store;
