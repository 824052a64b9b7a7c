package dev.flotilla.runtime.resilience.internal;

import dev.flotilla.runtime.kernel.ModelAnswer;
import dev.flotilla.runtime.kernel.ModelCall;
import dev.flotilla.runtime.kernel.ModelCallException;
import dev.flotilla.runtime.kernel.ModelCallInterceptor;
import dev.flotilla.runtime.kernel.RunScope;
import dev.flotilla.runtime.kernel.Sleeper;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelException;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Tries one model until it answers or there is no point going on: a failure that is not
 * retryable (400, 401), a refusal (an open breaker, a provider budget spent until after the
 * deadline), the attempts used up, or a wait (Retry-After, else full jitter backoff) that would end
 * after the run's deadline. It never sleeps past the deadline. Each try is one
 * {@link ModelCallInterceptor.Chain#proceed} through the interceptors inside the retry stage.
 *
 * <p>Hand-written rather than a Resilience4j Retry: that one sleeps on its own clock and cannot
 * see a per-run deadline, and giving up early is exactly what the fallback chain needs.
 */
public final class RetryLoop {

    /**
     * How the model fared: its answer, or why it was given up ({@code failure}); {@code calls} made
     * either way; {@code lastError} the provider's own message of the last failed call, or null.
     */
    public record Result(ChatResponse response, String failure, int calls, String lastError) {
        public Result(ChatResponse response, String failure, int calls) {
            this(response, failure, calls, null);
        }

        public boolean answered() { return response != null; }
    }

    private final int maxAttempts;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Reporter reporter;
    private final Clock clock;

    public RetryLoop(int maxAttempts, Backoff backoff, Sleeper sleeper, RandomGenerator random, Reporter reporter) {
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.random = random;
        this.reporter = reporter;
        this.clock = reporter.clock();
    }

    public Result run(ModelCallInterceptor.Chain chain, ModelCall call) throws InterruptedException {
        RunScope run = call.run();
        int calls = 0;
        ModelException last = null;
        for (int n = 1; ; n++) {
            run.control().checkStop();
            if (!run.left(clock).isPositive()) {
                return new Result(null, last == null ? "deadline reached" : tally(last, n - 1) + "; deadline reached", calls);
            }
            ModelAnswer answer = null;
            ModelCallException failed = null;
            try {
                answer = chain.proceed(call);
            } catch (ModelCallException e) {
                failed = e;
            }
            run.control().checkStop();
            if (answer != null) return new Result(answer.response(), null, calls + answer.calls());
            calls += failed.calls();
            if (failed.refused()) return new Result(null, failed.getMessage(), calls);
            last = failed.failure();
            if (!last.kind().retryable() || n >= maxAttempts) return new Result(null, tally(last, n), calls, last.getMessage());
            Duration wait = waitBefore(n + 1, last);
            Duration left = run.left(clock);
            if (wait.compareTo(left) >= 0) {
                return new Result(null, tally(last, n) + "; a retry in " + wait.toMillis() + " ms would pass the deadline ("
                        + Math.max(0, left.toMillis()) + " ms left)", calls);
            }
            reporter.retry(run, call.model(), n, last.code(), wait);
            run.control().sleep(sleeper, wait);
        }
    }

    /** What the provider asked for, else full jitter; {@code attempt} is the attempt about to be made (2 = first retry). */
    private Duration waitBefore(int attempt, ModelException e) {
        if (e.retryAfter() != null) return e.retryAfter().isNegative() ? Duration.ZERO : e.retryAfter();
        return backoff.delay(attempt - 1, random);
    }

    private static String tally(ModelException e, int attempts) {
        if (attempts == 1 && !e.kind().retryable()) return e.code();
        return e.code() + " after " + attempts + (attempts == 1 ? " attempt" : " attempts");
    }
}
