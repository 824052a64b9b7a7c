package dev.flotilla.runtime.kernel;

import java.util.Map;

/**
 * Called on every heartbeat of the node (about once a second, and when its state changes), on the
 * heartbeat's thread: the place for a module to refresh what it caches from the fleet (one round
 * trip a beat, never one per call) and to say what the node should report about it. What it
 * returns is shown in the node's description under {@code modules.<module name>} (e.g. the tool
 * policy version the node enforces). May do I/O; should not throw (the kernel logs what it throws).
 */
@FunctionalInterface
public interface Heartbeat {

    /** Fields for the node's description (JSON-friendly values); empty for none. */
    Map<String, Object> beat();
}
