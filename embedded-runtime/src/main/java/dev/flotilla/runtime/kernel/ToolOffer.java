package dev.flotilla.runtime.kernel;

import java.util.List;

/**
 * Narrows the tools a run's model is offered (tool permissions per tool role, say), once per run
 * before its first model call. Calls are checked again when they are made (a model may ask for a
 * tool it was never offered), so an offer is a courtesy to the model, not the enforcement.
 * Registered with {@link ModuleContext#filterOfferedTools}; fast, no I/O, never throws.
 */
@FunctionalInterface
public interface ToolOffer {

    /** The tools of {@code tools} (the agent's, in its order) that {@code run} may be offered. */
    List<String> offer(RunScope run, List<String> tools);
}
