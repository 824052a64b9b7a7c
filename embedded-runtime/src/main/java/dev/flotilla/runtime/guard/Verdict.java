package dev.flotilla.runtime.guard;

import java.util.List;

/**
 * What the guard made of one text: whether it reads as a prompt injection, a score from 0 (plainly
 * benign) to 1 (a rule matched, or the classifier is sure), and the reasons, each a sentence an
 * operator can check against the text (rules that matched, the classifier's score, what the
 * normalisation undid).
 */
public record Verdict(boolean injection, double score, List<String> reasons) {

    public static final Verdict CLEAN = new Verdict(false, 0, List.of());

    public Verdict {
        if (score < 0 || score > 1) throw new IllegalArgumentException("score not in [0, 1]: " + score);
        reasons = List.copyOf(reasons);
    }

    /** The score with two decimals, as stored and shown. */
    public String scoreText() {
        return String.format(java.util.Locale.ROOT, "%.2f", score);
    }
}
