package dev.flotilla.runtime.kernel;

import java.util.List;

/**
 * A Redis script a module registered ({@link ModuleContext#script}), ready to run: the node's store
 * loads it once and runs it by its SHA, one round trip per call. Keys must be the fleet's
 * ({@link ModuleContext#fleetKey}), so they share its hash slot. Thread-safe. When the store
 * cannot be reached the call throws the store's unchecked exception; the gateway answers it 503.
 */
@FunctionalInterface
public interface FleetScript {

    /** Runs the script on {@code keys} and {@code args}; its reply as Redis gives it (numbers as Long, arrays as List). */
    Object run(List<String> keys, List<String> args);

    /** How a node turns a registered script into a runnable one: its store's business. */
    @FunctionalInterface
    interface Loader {
        /** {@code resourcePath}: a class-path resource holding the script's Lua text. */
        FleetScript load(String name, String resourcePath);

        /** For kernels without a store (tests of modules that use none): a script fails when run. */
        Loader NONE = (name, path) -> (keys, args) -> {
            throw new IllegalStateException("this node has no store to run script " + name + " (" + path + ")");
        };
    }
}
