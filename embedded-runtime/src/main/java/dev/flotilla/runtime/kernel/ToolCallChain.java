package dev.flotilla.runtime.kernel;

import java.util.List;
import java.util.Objects;

/** The node's tool-call interceptors in order, built once by the {@link Kernel}; immutable and thread-safe. */
public final class ToolCallChain {

    private final ToolCallInterceptor[] interceptors;

    ToolCallChain(List<ToolCallInterceptor> interceptors) {
        this.interceptors = interceptors.toArray(ToolCallInterceptor[]::new);
    }

    /** Runs {@code call} through every interceptor, then {@code terminal} (which must not proceed). */
    public ToolResult proceed(ToolCall call, ToolCallInterceptor terminal) throws InterruptedException {
        Objects.requireNonNull(terminal, "terminal is null");
        return new Link(interceptors, terminal, 0, call).proceed(call);
    }

    public List<ToolCallInterceptor> interceptors() {
        return List.of(interceptors);
    }

    private record Link(ToolCallInterceptor[] all, ToolCallInterceptor terminal, int index, ToolCall call)
            implements ToolCallInterceptor.Chain {

        @Override
        public ToolResult proceed(ToolCall next) throws InterruptedException {
            Objects.requireNonNull(next, "call is null");
            if (index > all.length) throw new IllegalStateException("the terminal " + terminal + " has nothing to proceed to");
            ToolCallInterceptor step = index < all.length ? all[index] : terminal;
            ToolResult result = step.intercept(new Link(all, terminal, index + 1, next));
            if (result == null) throw new IllegalStateException(step + " returned no result");
            return result;
        }
    }
}
