package dev.flotilla.runtime.kernel;

import java.util.List;
import java.util.Objects;

/** The node's run interceptors in order, built once by the {@link Kernel}; immutable and thread-safe. */
public final class RunChain {

    private final RunInterceptor[] interceptors;

    RunChain(List<RunInterceptor> interceptors) {
        this.interceptors = interceptors.toArray(RunInterceptor[]::new);
    }

    /** Runs {@code call} through every interceptor, then {@code terminal} (which must not proceed). */
    public RunResult proceed(RunCall call, RunInterceptor terminal) throws RunFailedException, InterruptedException {
        Objects.requireNonNull(terminal, "terminal is null");
        return new Link(interceptors, terminal, 0, call).proceed(call);
    }

    public List<RunInterceptor> interceptors() {
        return List.of(interceptors);
    }

    private record Link(RunInterceptor[] all, RunInterceptor terminal, int index, RunCall call) implements RunInterceptor.Chain {

        @Override
        public RunResult proceed(RunCall next) throws RunFailedException, InterruptedException {
            Objects.requireNonNull(next, "call is null");
            if (index > all.length) throw new IllegalStateException("the terminal " + terminal + " has nothing to proceed to");
            RunInterceptor step = index < all.length ? all[index] : terminal;
            RunResult result = step.intercept(new Link(all, terminal, index + 1, next));
            if (result == null) throw new IllegalStateException(step + " returned no result");
            return result;
        }
    }
}
