package dev.flotilla.runtime.kernel;

/**
 * Policy around accepting a run at submission, on the node whose gateway received it: after the
 * request was authenticated and validated (and an idempotent retry answered), before anything is
 * stored. In the shape of okhttp's interceptors: look at {@link Chain#call()}, then refuse by
 * throwing {@link RunRefusedException}, or {@link Chain#proceed} once with the same submission and
 * return the answer, maybe {@link Admitted#withHeaders with headers} added. An admission
 * interceptor may refuse or observe a submission, never change it: {@code proceed} takes the very
 * submission it was given. The terminal stores and enqueues the run.
 *
 * <p>Registered by modules ({@link ModuleContext#interceptAdmission}); one instance serves every
 * submission of the node, concurrently. Keep it quick: the client waits. A {@link RuntimeException}
 * (the store unreachable, say) is answered as the gateway answers any such failure.
 *
 * <p>Example, an input guard:
 * <pre>{@code
 * public Admitted intercept(Chain chain) throws RunRefusedException {
 *     Submission s = chain.call();
 *     double score = scorer.injectionScore(s.input());
 *     if (score > threshold) throw new RunRefusedException(422, "input_rejected",
 *             "the input looks like a prompt injection (score " + score + "); rephrase it", null, Map.of());
 *     return chain.proceed(s);
 * }
 * }</pre>
 * registered in {@link Stage#GUARD}, so a refused input spends no rate-limit token.
 */
@FunctionalInterface
public interface AdmissionInterceptor {

    /** @throws RunRefusedException when the submission is not accepted */
    Admitted intercept(Chain chain) throws RunRefusedException;

    /** The rest of the chain, as one interceptor sees it. */
    interface Chain {
        Submission call();

        /** Passes {@link #call()} on; any other submission is refused with an {@link IllegalArgumentException}. */
        Admitted proceed(Submission call) throws RunRefusedException;
    }

    /** Where an interceptor sits, outermost first. */
    enum Stage {
        /** Sees every submission and its answer, refusals included: audit, tracing. */
        OBSERVE,
        /** Refuses what must not run, before anything is spent: the input guard, tool-role checks. */
        GUARD,
        /** Spends fleet-wide allowances: rate limits, budget checks. */
        LIMIT
    }
}
