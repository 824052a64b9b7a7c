package dev.flotilla.runtime.guard;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Logistic regression over the presence of hashed character n-grams and word pairs ({@link Features}): the
 * probability that a text is an injection. Its weights are a small resource file written by
 * {@link ClassifierTrainer} (see {@code classifier.md} beside it for how and from what). The
 * feature vector is 1 for each distinct feature over the square root of their number (unit length). Immutable and thread-safe.
 */
final class Classifier {

    static final String RESOURCE = "/dev/flotilla/runtime/guard/classifier.bin";
    private static final int MAGIC = 0x46474331; // "FGC1"

    private final Features features;
    private final float[] weights;
    private final float bias;
    private final double threshold;

    Classifier(int bits, float[] weights, float bias, double threshold) {
        this.features = new Features(bits);
        if (weights.length != features.dimension())
            throw new IllegalArgumentException("weights for 2^" + bits + " buckets expected, got " + weights.length);
        if (!(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("threshold not in (0, 1): " + threshold);
        this.weights = weights;
        this.bias = bias;
        this.threshold = threshold;
    }

    /** The classifier shipped in the runtime's resources. */
    static Classifier bundled() {
        try (InputStream in = Classifier.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("the guard's classifier is missing from the class path: " + RESOURCE);
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the guard's classifier " + RESOURCE, e);
        }
    }

    /** Texts longer than this are scored in windows of this size; the text's probability is the highest window's. */
    static final int WINDOW = 1_000;
    private static final int STEP = 750;

    /**
     * The probability that {@code normalized} is an injection. A long text is read in overlapping
     * windows about as long as the texts the classifier learnt from, and scored by its worst one:
     * one vector for a whole long text would dilute an instruction buried in it.
     */
    double probability(String normalized) {
        if (normalized.length() <= WINDOW) return windowProbability(normalized, 0, normalized.length());
        double worst = 0;
        for (int from = 0; from < normalized.length(); from += STEP) {
            worst = Math.max(worst, windowProbability(normalized, from, Math.min(normalized.length(), from + WINDOW)));
            if (from + WINDOW >= normalized.length()) break;
        }
        return worst;
    }

    private double windowProbability(String normalized, int from, int to) {
        double[] sum = {0};
        int n = features.distinct(normalized, from, to, i -> sum[0] += weights[i]);
        double z = bias + (n == 0 ? 0 : sum[0] / Math.sqrt(n));
        return 1 / (1 + Math.exp(-z));
    }

    /** The probability at and above which the classifier calls a text an injection, as tuned. */
    double threshold() { return threshold; }

    Features features() { return features; }

    /** Same weights, another threshold. */
    Classifier withThreshold(double t) {
        return new Classifier(Integer.numberOfTrailingZeros(weights.length), weights, bias, t);
    }

    /** Writes the weights as half-precision floats: 2 bytes a bucket. */
    void write(OutputStream out) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(MAGIC);
        d.writeInt(Integer.numberOfTrailingZeros(weights.length));
        d.writeFloat(bias);
        d.writeDouble(threshold);
        for (float w : weights) d.writeShort(Float.floatToFloat16(w));
        d.flush();
    }

    static Classifier read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(new java.io.BufferedInputStream(in));
        int magic = d.readInt();
        if (magic != MAGIC) throw new IOException("not a guard classifier (magic " + Integer.toHexString(magic) + ")");
        int bits = d.readInt();
        float bias = d.readFloat();
        double threshold = d.readDouble();
        float[] w = new float[1 << bits];
        for (int i = 0; i < w.length; i++) w[i] = Float.float16ToFloat(d.readShort());
        return new Classifier(bits, w, bias, threshold);
    }
}
