package dev.flotilla.runtime.kernel;

/**
 * Policy around one model step of a run, in the shape of okhttp's interceptors: an interceptor
 * looks at {@link Chain#call()}, may refuse by throwing, and otherwise calls {@link Chain#proceed}
 * once, returning (or looking at) the answer. The one documented exception is the retry and
 * fallback interceptor of {@link Stage#RETRY}, which proceeds once per attempt, like okhttp's
 * RetryAndFollowUpInterceptor. The chain ends in the node's terminal, which calls the provider.
 *
 * <p>Interceptors are registered by modules ({@link ModuleContext#interceptModelCalls}) in a
 * {@link Stage}; within a stage, in the order the modules register them. One instance serves every
 * call of the node, concurrently: keep per-call state on the stack. Calls block the run's (virtual)
 * thread; a wait goes through {@link RunControl#sleep} so a cancel ends it.
 *
 * <p>Example, a cost budget that reserves before a call and settles after:
 * <pre>{@code
 * public ModelAnswer intercept(Chain chain) throws ModelCallException, InterruptedException {
 *     ModelCall call = chain.call();
 *     Reservation r = budgets.reserve(call.principal(), call.model(), Tokens.estimate(call.request().messages()));
 *     if (!r.granted()) throw ModelCallException.refused("budget_exhausted", r.why());
 *     try {
 *         ModelAnswer answer = chain.proceed(call);
 *         budgets.settle(r, answer.response().promptTokens(), answer.response().completionTokens());
 *         return answer;
 *     } catch (ModelCallException | RuntimeException e) {
 *         budgets.release(r);
 *         throw e;
 *     }
 * }
 * }</pre>
 * registered in {@link Stage#SPEND}, so it reserves once per attempt, after the breaker let it through.
 */
@FunctionalInterface
public interface ModelCallInterceptor {

    /**
     * @throws ModelCallException when no answer came (failed, not called, refused; see there)
     * @throws InterruptedException when the run was stopped (cancel, drain, lease lost)
     */
    ModelAnswer intercept(Chain chain) throws ModelCallException, InterruptedException;

    /** The rest of the chain, as one interceptor sees it. */
    interface Chain {
        ModelCall call();

        /** Passes {@code call} (this chain's call, or one derived from it) to the next interceptor. */
        ModelAnswer proceed(ModelCall call) throws ModelCallException, InterruptedException;
    }

    /** Where an interceptor sits, outermost first. */
    enum Stage {
        /** Around the whole step (every model, every attempt): tracing of the step, per-run policy. */
        STEP,
        /** The retry and fallback interceptor: walks the models and proceeds once per attempt. */
        RETRY,
        /** Around one attempt on one model, before anything is spent: circuit breakers, tracing of attempts. */
        ATTEMPT,
        /** Fleet-wide budgets spent before the call: provider rate limits, cost budgets (reserve, then settle). */
        SPEND,
        /** Local concurrency limits: bulkheads. */
        ISOLATE,
        /** The call itself: what records its outcome and what bounds its time; the terminal follows. */
        CALL
    }
}
