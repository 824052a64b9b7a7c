package dev.flotilla.runtime.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The in-process prompt-injection guard: normalisation ({@link Normalizer}), then rules that explain
 * themselves ({@link Rules}), then a small trained classifier ({@link Classifier}). A text is an
 * injection when a rule matches or the classifier's probability reaches the threshold; the score is
 * the higher of the classifier's probability and 0.99 when a rule matched. Immutable, thread-safe,
 * allocation-light: tens of microseconds for a typical input.
 */
public final class Guard {

    /** Which layers decide: both (the product), or one alone (to measure each). */
    public enum Layers { ALL, RULES, CLASSIFIER }

    private static final double RULE_SCORE = 0.99;

    private final Normalizer normalizer = new Normalizer();
    private final Rules rules = new Rules();
    private final Classifier classifier;
    private final Layers layers;

    private Guard(Classifier classifier, Layers layers) {
        this.classifier = Objects.requireNonNull(classifier, "classifier is null");
        this.layers = Objects.requireNonNull(layers, "layers is null");
    }

    /** The guard with the classifier shipped in the runtime, at its tuned threshold. */
    public static Guard standard() {
        return new Guard(Classifier.bundled(), Layers.ALL);
    }

    /** The guard with the classifier read from {@code file} (one {@link ClassifierTrainer} wrote). */
    public static Guard withClassifier(java.nio.file.Path file) throws java.io.IOException {
        try (var in = java.nio.file.Files.newInputStream(file)) {
            return new Guard(Classifier.read(in), Layers.ALL);
        }
    }

    static Guard of(Classifier classifier) {
        return new Guard(classifier, Layers.ALL);
    }

    /** The same guard with the classifier calling injection at and above {@code threshold} (0..1, exclusive). */
    public Guard withThreshold(double threshold) {
        return new Guard(classifier.withThreshold(threshold), layers);
    }

    /** The same guard deciding with {@code layers} only. */
    public Guard withLayers(Layers layers) {
        return new Guard(classifier, layers);
    }

    public double threshold() { return classifier.threshold(); }

    /** The verdict on {@code text}. */
    public Verdict check(String text) {
        Objects.requireNonNull(text, "text is null");
        Normalizer.Normalized n = normalizer.normalize(text);
        List<Rules.Hit> hits = layers == Layers.CLASSIFIER ? List.of() : rules.check(n.text());
        double p = layers == Layers.RULES ? 0 : classifier.probability(n.text());
        boolean byClassifier = layers != Layers.RULES && p >= classifier.threshold();
        boolean injection = !hits.isEmpty() || byClassifier;
        double score = hits.isEmpty() ? p : Math.max(p, RULE_SCORE);
        if (!injection) return new Verdict(false, score, List.of());
        List<String> reasons = new ArrayList<>(hits.size() + 2);
        for (Rules.Hit h : hits) reasons.add(h.reason());
        if (byClassifier) reasons.add(String.format(java.util.Locale.ROOT, "classifier: %.2f at or above the threshold %.2f",
                p, classifier.threshold()));
        reasons.addAll(n.notes());
        return new Verdict(true, score, reasons);
    }
}
