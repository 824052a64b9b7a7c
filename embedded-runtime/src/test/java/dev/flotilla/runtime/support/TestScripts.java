package dev.flotilla.runtime.support;

import dev.flotilla.runtime.kernel.FleetScript;
import dev.flotilla.runtime.store.RedisEndpoint;
import dev.flotilla.runtime.store.Store;

/**
 * Modules' scripts on a test's own Redis, loaded from their class-path resources through the store
 * as a node loads them. Each call opens its own connections, as another node would.
 */
public final class TestScripts {
    private TestScripts() {}

    public static FleetScript.Loader on(RedisEndpoint redis) {
        Store store = Store.connect(redis);
        return (name, path) -> store.script(name, path)::run;
    }

    public static FleetScript load(RedisEndpoint redis, String resourcePath) {
        return Store.connect(redis).script(resourcePath, resourcePath)::run;
    }
}
