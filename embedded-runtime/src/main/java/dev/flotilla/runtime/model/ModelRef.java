package dev.flotilla.runtime.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A model as {@code provider/model}, e.g. {@code simulated/primary}: the provider names the
 * {@link ChatModel} that serves it, the model is what that provider is asked for. Everything after
 * the first slash is the model, so names such as {@code router/meta/llama-3} work.
 */
public record ModelRef(String provider, String model) {

    private static final String PROVIDER = "[a-z][a-z0-9_-]{0,31}";
    private static final String MODEL = "[A-Za-z0-9._:/@-]{1,128}";

    public ModelRef {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        if (!provider.matches(PROVIDER)) throw new IllegalArgumentException("provider must match " + PROVIDER + ": " + provider);
        if (!model.matches(MODEL)) throw new IllegalArgumentException("model must match " + MODEL + ": " + model);
    }

    /** Parses {@code provider/model}; the message names the offending text. */
    public static ModelRef parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        if (slash <= 0 || slash == t.length() - 1) {
            throw new IllegalArgumentException("a model is written provider/model, e.g. simulated/primary: '" + t + "'");
        }
        return new ModelRef(t.substring(0, slash), t.substring(slash + 1));
    }

    /** A fallback chain such as {@code simulated/primary,simulated/fallback}: primary first, no repeats. */
    public static List<ModelRef> parseChain(String text) {
        List<ModelRef> chain = new ArrayList<>();
        Set<ModelRef> seen = new HashSet<>();
        for (String part : (text == null ? "" : text).split(",")) {
            if (part.isBlank()) continue;
            ModelRef ref = parse(part);
            if (!seen.add(ref)) throw new IllegalArgumentException("model listed twice in a chain: " + ref);
            chain.add(ref);
        }
        if (chain.isEmpty()) throw new IllegalArgumentException("no models in chain: '" + text + "'");
        return List.copyOf(chain);
    }

    @Override
    public String toString() {
        return provider + "/" + model;
    }
}
