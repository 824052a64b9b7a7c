package dev.flotilla.runtime.kernel;

import dev.flotilla.runtime.model.ChatRequest;
import dev.flotilla.runtime.model.ModelRef;
import java.util.List;
import java.util.Objects;

/**
 * One model step of a run: the conversation to send ({@code request}), the agent's chain of models
 * ({@code models}, primary first) and the model this call is for ({@code model}). The step enters
 * the chain for the primary; the retry and fallback interceptor ({@link ModelCallInterceptor.Stage#RETRY})
 * proceeds once per attempt with {@link #withModel} of the model it tries, so interceptors inside
 * it see one attempt on one model, and those outside it see the whole step.
 */
public record ModelCall(RunScope run, List<ModelRef> models, ModelRef model, ChatRequest request) {

    public ModelCall {
        Objects.requireNonNull(run, "run is null");
        models = List.copyOf(models);
        if (models.isEmpty()) throw new IllegalArgumentException("empty model chain for agent " + run.agent());
        Objects.requireNonNull(model, "model is null");
        Objects.requireNonNull(request, "request is null");
    }

    /** The step as it enters the chain: for the primary of {@code models}. */
    public static ModelCall of(RunScope run, List<ModelRef> models, ChatRequest request) {
        return new ModelCall(run, models, models.getFirst(), request);
    }

    /** The same step, for {@code other} (one of the chain, or any model a policy chooses). */
    public ModelCall withModel(ModelRef other) {
        return other.equals(model) ? this : new ModelCall(run, models, other, request);
    }

    public Principal principal() { return run.principal(); }

    public String runId() { return run.runId(); }

    public String agent() { return run.agent(); }
}
