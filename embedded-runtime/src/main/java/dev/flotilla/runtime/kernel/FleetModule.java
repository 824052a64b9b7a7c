package dev.flotilla.runtime.kernel;

/**
 * A feature of the runtime, in one folder: it registers, in one place ({@link #register}), its
 * configuration, interceptors, routes, event listeners and Redis scripts, and the kernel calls it
 * nowhere else. A node lists its modules once (one line each); the kernel knows none by name.
 *
 * <p>How to add one (see docs/ARCHITECTURE.md): make a package {@code dev.flotilla.runtime.<feature>}
 * with a {@code <Feature>Module implements FleetModule}; in {@link #register} read your settings,
 * build your parts and hand them to the context; add {@code new <Feature>Module()} to the node's
 * module list. A module imports the kernel and the core, never another module's internals.
 */
public interface FleetModule {

    /** A short name for logs and errors, unique on the node, e.g. {@code ratelimit}. */
    String name();

    /**
     * Registers everything the module adds; called once per node, while the node starts (after its
     * store is up, before it takes runs or opens its gateway). A module that cannot work with the
     * settings it found throws {@link IllegalArgumentException} naming the setting: the node does not start.
     */
    void register(ModuleContext ctx);
}
