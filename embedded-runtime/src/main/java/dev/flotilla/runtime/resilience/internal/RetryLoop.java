package dev.flotilla.runtime.resilience.internal;

import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ChatResponse;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.resilience.CallScope;
import dev.flotilla.runtime.resilience.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Tries one model until it answers or there is no point going on: a failure that is not
 * retryable (400, 401), an open breaker, a provider budget spent until after the deadline, the
 * attempts used up, or a wait (Retry-After, else full jitter backoff) that would end after the
 * run's deadline. It never sleeps past the deadline.
 *
 * <p>Hand-written rather than a Resilience4j Retry: that one sleeps on its own clock and cannot
 * see a per-run deadline, and giving up early is exactly what the fallback chain needs.
 */
public final class RetryLoop {

    /** How the model fared: its answer, or why it was given up ({@code failure}); {@code calls} made either way. */
    public record Result(ChatResponse response, String failure, int calls) {
        public boolean answered() { return response != null; }
    }

    private final Attempt attempt;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Reporter reporter;
    private final Clock clock;

    public RetryLoop(Attempt attempt, int maxAttempts, Backoff backoff, Sleeper sleeper, RandomGenerator random, Reporter reporter) {
        this.attempt = attempt;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.random = random;
        this.reporter = reporter;
        this.clock = reporter.clock();
    }

    public Result run(ModelRef model, ChatRequest request, CallScope scope) throws InterruptedException {
        int calls = 0;
        ModelException last = null;
        for (int n = 1; ; n++) {
            scope.handle().checkStop();
            if (!scope.left(clock).isPositive()) {
                return new Result(null, last == null ? "deadline reached" : tally(last, n - 1) + "; deadline reached", calls);
            }
            Attempt.Outcome outcome = attempt.once(model, request, scope);
            scope.handle().checkStop();
            switch (outcome) {
                case Attempt.Outcome.Answered a -> {
                    return new Result(a.response(), null, calls + 1);
                }
                case Attempt.Outcome.Refused r -> {
                    return new Result(null, "breaker_open", calls);
                }
                case Attempt.Outcome.Throttled t -> {
                    return new Result(null, t.reason(), calls);
                }
                case Attempt.Outcome.Failed f -> {
                    if (f.called()) calls++;
                    last = f.error();
                    if (!last.kind().retryable() || n >= maxAttempts) return new Result(null, tally(last, n), calls);
                    Duration wait = waitBefore(n + 1, last);
                    Duration left = scope.left(clock);
                    if (wait.compareTo(left) >= 0) {
                        return new Result(null, tally(last, n) + "; a retry in " + wait.toMillis() + " ms would pass the deadline ("
                                + Math.max(0, left.toMillis()) + " ms left)", calls);
                    }
                    reporter.retry(scope, model, n, last.code(), wait);
                    Interruptibly.sleep(scope.handle(), sleeper, wait);
                }
            }
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
