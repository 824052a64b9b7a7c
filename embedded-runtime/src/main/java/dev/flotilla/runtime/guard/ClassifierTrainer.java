package dev.flotilla.runtime.guard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Trains the guard's classifier: logistic regression by AdaGrad with L2, the two classes weighted
 * to count alike, on the {@link Features} of the normalised texts. The threshold is picked from
 * out-of-fold probabilities (k-fold on the same examples, nothing else seen): the lowest one whose
 * false-positive rate stays at or under {@code targetFpr}. Deterministic for a seed.
 */
public final class ClassifierTrainer {

    /** How to train: buckets as a power of two, passes over the data, learning rate, L2, seed, folds, the false-positive target. */
    public record Params(int bits, int epochs, double learningRate, double l2, long seed, int folds, double targetFpr) {
        public static final Params DEFAULT = new Params(15, 40, 0.5, 1e-6, 12, 5, 0.03);
    }

    private final Params params;
    private final Normalizer normalizer = new Normalizer();

    public ClassifierTrainer(Params params) {
        this.params = params;
    }

    /** A classifier trained on {@code examples}, its threshold picked by cross-validation on them. */
    public Trained train(List<GuardDataset.Example> examples) {
        Features features = new Features(params.bits());
        List<Row> rows = new ArrayList<>(examples.size());
        for (GuardDataset.Example e : examples) rows.add(row(features, e));
        // out-of-fold probabilities for the threshold
        List<Row> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(params.seed()));
        double[] oofP = new double[shuffled.size()];
        boolean[] oofY = new boolean[shuffled.size()];
        for (int f = 0; f < params.folds(); f++) {
            List<Row> fit = new ArrayList<>();
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < shuffled.size(); i++) {
                if (i % params.folds() == f) test.add(i);
                else fit.add(shuffled.get(i));
            }
            Model m = fit(features.dimension(), fit);
            for (int i : test) { oofP[i] = m.probability(shuffled.get(i)); oofY[i] = shuffled.get(i).injection; }
        }
        double threshold = pickThreshold(oofP, oofY, params.targetFpr());
        long positives = 0, caught = 0;
        for (int i = 0; i < oofP.length; i++) if (oofY[i]) { positives++; if (oofP[i] >= threshold) caught++; }
        Model all = fit(features.dimension(), rows);
        return new Trained(new Classifier(params.bits(), all.weights, (float) all.bias, threshold), examples.size(),
                positives == 0 ? 0 : (double) caught / positives);
    }

    /** A trained classifier, how many examples made it, and its cross-validated detection at its threshold. */
    public record Trained(Classifier classifier, int examples, double cvDetection) {
        public double threshold() { return classifier.threshold(); }

        public void write(Path file) throws IOException {
            try (OutputStream out = Files.newOutputStream(file)) {
                classifier.write(out);
            }
        }

        public Guard guard() { return Guard.of(classifier); }
    }

    private record Row(int[] buckets, double scale, boolean injection) {}

    private Row row(Features features, GuardDataset.Example e) {
        String text = normalizer.normalize(e.text()).text();
        int[][] buf = {new int[256]};
        int[] size = {0};
        int n = features.distinct(text, i -> {
            if (size[0] == buf[0].length) buf[0] = Arrays.copyOf(buf[0], size[0] * 2);
            buf[0][size[0]++] = i;
        });
        return new Row(Arrays.copyOf(buf[0], size[0]), n == 0 ? 0 : 1 / Math.sqrt(n), e.injection());
    }

    private final class Model {
        final float[] weights;
        double bias;

        Model(int dim) { weights = new float[dim]; }

        double probability(Row r) {
            double z = bias;
            for (int i : r.buckets) z += weights[i] * r.scale;
            return 1 / (1 + Math.exp(-z));
        }
    }

    private Model fit(int dim, List<Row> rows) {
        Model m = new Model(dim);
        double[] g2 = new double[dim];
        double g2b = 1e-8;
        long pos = rows.stream().filter(Row::injection).count();
        long neg = rows.size() - pos;
        double wPos = rows.size() / (2.0 * Math.max(1, pos)), wNeg = rows.size() / (2.0 * Math.max(1, neg));
        List<Row> order = new ArrayList<>(rows);
        Random random = new Random(params.seed());
        Arrays.fill(g2, 1e-8);
        for (int epoch = 0; epoch < params.epochs(); epoch++) {
            Collections.shuffle(order, random);
            for (Row r : order) {
                double err = (m.probability(r) - (r.injection ? 1 : 0)) * (r.injection ? wPos : wNeg);
                for (int i : r.buckets) {
                    double g = err * r.scale + params.l2() * m.weights[i];
                    g2[i] += g * g;
                    m.weights[i] -= (float) (params.learningRate() * g / Math.sqrt(g2[i]));
                }
                g2b += err * err;
                m.bias -= params.learningRate() * err / Math.sqrt(g2b);
            }
        }
        return m;
    }

    /** The lowest threshold (in steps of 0.01) whose false-positive rate is at most {@code target}. */
    static double pickThreshold(double[] p, boolean[] y, double target) {
        long negatives = 0;
        for (boolean b : y) if (!b) negatives++;
        for (int t = 5; t <= 95; t++) {
            double th = t / 100.0;
            long fp = 0;
            for (int i = 0; i < p.length; i++) if (!y[i] && p[i] >= th) fp++;
            if (negatives == 0 || (double) fp / negatives <= target) return th;
        }
        return 0.95;
    }
}
