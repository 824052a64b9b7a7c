package dev.flotilla.runtime.kernel;

import java.util.List;
import java.util.Objects;

/**
 * The node's model-call interceptors in order, built once by the {@link Kernel}; immutable and
 * thread-safe. {@link #proceed} runs one call through them into a terminal, allocating one small
 * link per interceptor.
 */
public final class ModelCallChain {

    private final ModelCallInterceptor[] interceptors;

    ModelCallChain(List<ModelCallInterceptor> interceptors) {
        this.interceptors = interceptors.toArray(ModelCallInterceptor[]::new);
    }

    /** Runs {@code call} through every interceptor, then {@code terminal} (which must not proceed). */
    public ModelAnswer proceed(ModelCall call, ModelCallInterceptor terminal) throws ModelCallException, InterruptedException {
        Objects.requireNonNull(terminal, "terminal is null");
        return new Link(interceptors, terminal, 0, call).proceed(call);
    }

    public List<ModelCallInterceptor> interceptors() {
        return List.of(interceptors);
    }

    private record Link(ModelCallInterceptor[] all, ModelCallInterceptor terminal, int index, ModelCall call)
            implements ModelCallInterceptor.Chain {

        @Override
        public ModelAnswer proceed(ModelCall next) throws ModelCallException, InterruptedException {
            Objects.requireNonNull(next, "call is null");
            if (index > all.length) throw new IllegalStateException("the terminal " + terminal + " has nothing to proceed to");
            ModelCallInterceptor step = index < all.length ? all[index] : terminal;
            ModelAnswer answer = step.intercept(new Link(all, terminal, index + 1, next));
            if (answer == null) throw new IllegalStateException(step + " returned no answer");
            return answer;
        }
    }
}
