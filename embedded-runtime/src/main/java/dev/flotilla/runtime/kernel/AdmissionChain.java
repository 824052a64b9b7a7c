package dev.flotilla.runtime.kernel;

import java.util.List;
import java.util.Objects;

/** The node's admission interceptors in order, built once by the {@link Kernel}; immutable and thread-safe. */
public final class AdmissionChain {

    private final AdmissionInterceptor[] interceptors;

    AdmissionChain(List<AdmissionInterceptor> interceptors) {
        this.interceptors = interceptors.toArray(AdmissionInterceptor[]::new);
    }

    /** Runs {@code call} through every interceptor, then {@code terminal}, which stores the run. */
    public Admitted proceed(Submission call, AdmissionInterceptor terminal) throws RunRefusedException {
        Objects.requireNonNull(call, "call is null");
        Objects.requireNonNull(terminal, "terminal is null");
        return new Link(interceptors, terminal, 0, call).proceed(call);
    }

    public List<AdmissionInterceptor> interceptors() {
        return List.of(interceptors);
    }

    private record Link(AdmissionInterceptor[] all, AdmissionInterceptor terminal, int index, Submission call)
            implements AdmissionInterceptor.Chain {

        @Override
        public Admitted proceed(Submission next) throws RunRefusedException {
            if (next != call) throw new IllegalArgumentException("an admission interceptor may refuse a submission, not replace it: " + next);
            if (index > all.length) throw new IllegalStateException("the terminal " + terminal + " has nothing to proceed to");
            AdmissionInterceptor step = index < all.length ? all[index] : terminal;
            Admitted admitted = step.intercept(new Link(all, terminal, index + 1, next));
            if (admitted == null) throw new IllegalStateException(step + " returned no answer");
            return admitted;
        }
    }
}
