package dev.flotilla.runtime.kernel;

/**
 * Policy around executing one run on a node, from its first model call to its answer (after the
 * node took it under its lease, before the outcome is stored), in the shape of okhttp's
 * interceptors: look at {@link Chain#call()}, call {@link Chain#proceed} once, look at the result.
 * The terminal is the agent loop. Accepting a run at submission is a different chain
 * ({@link AdmissionInterceptor}): this one runs on whichever node took the run, maybe much later.
 *
 * <p>Registered by modules ({@link ModuleContext#interceptRuns}); one instance serves every run of
 * the node, concurrently. A {@link RuntimeException} escaping counts as the runtime failing on the
 * run (a failed delivery; the run goes back in line, and becomes a dead letter if it keeps failing):
 * an interceptor that wants to end a run for a reason of its own throws {@link RunFailedException}.
 *
 * <p>Example, tracing: open a span with {@code call.runId()} and {@code call.principal().keyName()},
 * proceed, and close it with the result's model and tokens, or the failure's code.
 */
@FunctionalInterface
public interface RunInterceptor {

    /**
     * @throws RunFailedException when the run ends without an answer
     * @throws InterruptedException when the run was stopped (cancel, drain, lease lost)
     */
    RunResult intercept(Chain chain) throws RunFailedException, InterruptedException;

    /** The rest of the chain, as one interceptor sees it. */
    interface Chain {
        RunCall call();

        RunResult proceed(RunCall call) throws RunFailedException, InterruptedException;
    }

    /** Where an interceptor sits, outermost first. */
    enum Stage {
        /** Sees the whole run and its outcome: tracing, timing. */
        OBSERVE,
        /** May end a run before it starts or after it answered: per-run policy. */
        POLICY
    }
}
