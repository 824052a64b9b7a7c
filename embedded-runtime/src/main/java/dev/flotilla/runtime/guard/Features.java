package dev.flotilla.runtime.guard;

import java.util.function.IntConsumer;

/**
 * The classifier's features: character 3- to 5-grams of the normalised text (spaces squeezed, the
 * text framed by spaces) and word pairs, each hashed (FNV-1a) into {@code 2^bits} buckets. Nothing
 * is allocated per n-gram: the hash rolls along the text, and each feature goes to a consumer, so
 * scoring a 10,000-character input is one pass. Training and scoring share this class, so they see
 * the same features.
 */
final class Features {

    static final int MIN_N = 3;
    static final int MAX_N = 5;
    private static final int FNV_OFFSET = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;
    /** Longer inputs are read up to here: an injection hidden past it is the rules' job (they read all). */
    static final int MAX_CHARS = 20_000;

    private final int mask;

    Features(int bits) {
        if (bits < 8 || bits > 24) throw new IllegalArgumentException("bits not in 8..24: " + bits);
        this.mask = (1 << bits) - 1;
    }

    int dimension() { return mask + 1; }

    /**
     * Calls {@code sink} once per distinct bucket of {@code normalized}'s features; returns how many.
     * Presence, not counts: a text said twice has the features of the text said once.
     */
    int distinct(String normalized, IntConsumer sink) {
        int[] seen = new int[Integer.highestOneBit(Math.max(16, normalized.length() * 4)) * 2];
        int slots = seen.length - 1;
        int[] count = {0};
        each(normalized, b -> {
            int i = (b * 0x9E3779B1) >>> 7 & slots;
            while (seen[i] != 0) {
                if (seen[i] == b + 1) return;
                i = (i + 1) & slots;
            }
            seen[i] = b + 1;
            count[0]++;
            sink.accept(b);
        });
        return count[0];
    }

    /** Calls {@code sink} with the bucket of every feature of {@code normalized}; returns how many there were. */
    int each(String normalized, IntConsumer sink) {
        char[] text = squeeze(normalized);
        int count = 0;
        int n = text.length;
        for (int i = 0; i < n; i++) {
            int h = FNV_OFFSET;
            for (int k = 0; k < MAX_N && i + k < n; k++) {
                h = (h ^ text[i + k]) * FNV_PRIME;
                if (k + 1 >= MIN_N) { sink.accept(mix(h, k + 1) & mask); count++; }
            }
        }
        // word pairs: hash of the previous word combined with the current one
        int prev = 0, cur = FNV_OFFSET;
        boolean inWord = false;
        for (int i = 0; i < n; i++) {
            char c = text[i];
            if (Character.isLetterOrDigit(c)) { cur = (cur ^ c) * FNV_PRIME; inWord = true; }
            else if (inWord) {
                if (prev != 0) { sink.accept(mix(prev * 31 + cur, 11) & mask); count++; }
                prev = cur; cur = FNV_OFFSET; inWord = false;
            }
        }
        return count;
    }

    private static int mix(int h, int salt) {
        h ^= salt * 0x9E3779B9;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }

    /** The text framed by single spaces, runs of white space squeezed to one, cut at {@link #MAX_CHARS}. */
    private static char[] squeeze(String s) {
        int len = Math.min(s.length(), MAX_CHARS);
        char[] out = new char[len + 2];
        int j = 0;
        out[j++] = ' ';
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) { if (out[j - 1] != ' ') out[j++] = ' '; }
            else out[j++] = c;
        }
        if (out[j - 1] != ' ') out[j++] = ' ';
        return j == out.length ? out : java.util.Arrays.copyOf(out, j);
    }
}
