package dev.flotilla.runtime.resilience.internal;

import dev.flotilla.runtime.kernel.ModelAnswer;
import dev.flotilla.runtime.kernel.ModelCall;
import dev.flotilla.runtime.kernel.ModelCallInterceptor;
import dev.flotilla.runtime.kernel.RunScope;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.resilience.ModelUnavailableException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The outermost resilience interceptor, and the one that proceeds more than once: it asks the
 * step's models in order, primary first, each through {@link RetryLoop}, until one answers. When
 * none does it throws {@link ModelUnavailableException}: {@code run_timeout} when the deadline
 * stopped the chain, else {@code model_unavailable}, naming each model tried and why.
 */
public final class RetryAndFallback implements ModelCallInterceptor {

    private final RetryLoop retries;
    private final Reporter reporter;
    private final Clock clock;

    public RetryAndFallback(RetryLoop retries, Reporter reporter) {
        this.retries = retries;
        this.reporter = reporter;
        this.clock = reporter.clock();
    }

    @Override
    public ModelAnswer intercept(Chain chain) throws ModelUnavailableException, InterruptedException {
        ModelCall call = chain.call();
        RunScope run = call.run();
        List<ModelRef> models = call.models();
        List<String> givenUp = new ArrayList<>();
        ModelRef previous = null;
        String previousReason = null;
        String lastError = null;
        int calls = 0;
        for (ModelRef model : models) {
            if (previous != null) {
                if (!run.left(clock).isPositive()) break;
                reporter.fallback(run, previous, model, previousReason);
            }
            RetryLoop.Result r = retries.run(chain, call.withModel(model));
            calls += r.calls();
            if (r.answered()) {
                return new ModelAnswer(r.response(), model, fallbackReason(givenUp, previousReason), calls);
            }
            givenUp.add(model + " (" + r.failure() + ")");
            if (r.lastError() != null) lastError = model + ": " + r.lastError();
            previous = model;
            previousReason = r.failure();
        }
        boolean late = !run.left(clock).isPositive();
        if (givenUp.size() < models.size()) {
            givenUp.add("not tried: " + models.subList(givenUp.size(), models.size()).stream()
                    .map(ModelRef::toString).reduce((a, b) -> a + ", " + b).orElse(""));
        }
        String tried = String.join("; ", givenUp);
        if (late) {
            throw new ModelUnavailableException(ModelUnavailableException.TIMEOUT,
                    "no model answered before the run's deadline: " + tried + ". Retry the run, or give the agent a longer run timeout.", calls);
        }
        throw new ModelUnavailableException(ModelUnavailableException.UNAVAILABLE,
                "no model answered: " + tried + ". Retry the run later, or add a fallback model to the agent's chain."
                        + (lastError == null ? "" : " Last error: " + lastError), calls); // the provider's own words, keys taken out
    }

    /** Why the answering model was reached: the one reason when it was the first fallback, else each model's. */
    private static String fallbackReason(List<String> givenUp, String lastReason) {
        if (givenUp.isEmpty()) return null;
        return givenUp.size() == 1 ? lastReason : String.join("; ", givenUp);
    }
}
