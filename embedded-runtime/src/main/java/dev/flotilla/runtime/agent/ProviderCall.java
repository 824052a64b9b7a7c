package dev.flotilla.runtime.agent;

import dev.flotilla.runtime.kernel.ModelAnswer;
import dev.flotilla.runtime.kernel.ModelCall;
import dev.flotilla.runtime.kernel.ModelCallException;
import dev.flotilla.runtime.kernel.ModelCallInterceptor;
import dev.flotilla.runtime.model.ChatModel;
import dev.flotilla.runtime.model.ModelException;
import dev.flotilla.runtime.model.ModelRef;
import java.util.Map;

/**
 * The terminal of the model-call chain: the call to the provider serving the call's model, asked
 * for that model by name. A provider's typed failure becomes a failed call; a model whose provider
 * this node lacks is not called ({@code model_rejected}).
 */
public final class ProviderCall implements ModelCallInterceptor {

    private final Map<String, ChatModel> providers;

    /** {@code providers}: by name, the {@code provider} of {@code provider/model}. */
    public ProviderCall(Map<String, ChatModel> providers) {
        this.providers = Map.copyOf(providers);
    }

    @Override
    public ModelAnswer intercept(Chain chain) throws ModelCallException, InterruptedException {
        ModelCall call = chain.call();
        ModelRef model = call.model();
        ChatModel provider = providers.get(model.provider());
        if (provider == null) {
            throw ModelCallException.notCalled(new ModelException(ModelException.Kind.REJECTED,
                    "no provider named " + model.provider() + " on this node"));
        }
        try {
            return ModelAnswer.of(provider.chat(call.request().withModel(model.model())), model);
        } catch (ModelException e) {
            throw ModelCallException.failed(e);
        }
    }

    @Override
    public String toString() {
        return "ProviderCall" + providers.keySet();
    }
}
