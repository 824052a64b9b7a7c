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

    /** A per-thread set of buckets, cleared in O(1) by moving to the next generation. */
    private static final class Seen {
        int[] buckets = new int[16_384];
        int[] generation = new int[16_384];
        int current;

        void reset(int features) {
            if (features * 2 > buckets.length) {
                int size = Integer.highestOneBit(features * 2) * 2;
                buckets = new int[size];
                generation = new int[size];
                current = 0;
            }
            if (++current == 0) { java.util.Arrays.fill(generation, 0); current = 1; }
        }

        /** True when {@code b} was not in the set (and now is). */
        boolean add(int b) {
            int slots = buckets.length - 1;
            int i = (b * 0x9E3779B1) >>> 7 & slots;
            while (generation[i] == current) {
                if (buckets[i] == b) return false;
                i = (i + 1) & slots;
            }
            generation[i] = current;
            buckets[i] = b;
            return true;
        }
    }

    private static final ThreadLocal<Seen> SEEN = ThreadLocal.withInitial(Seen::new);

    /**
     * Calls {@code sink} once per distinct bucket of the features of {@code normalized} from
     * {@code from} to {@code to}; returns how many. Presence, not counts: a text said twice has the
     * features of the text said once.
     */
    int distinct(String normalized, int from, int to, IntConsumer sink) {
        Seen seen = SEEN.get();
        seen.reset((to - from) * 4 + 8);
        int[] count = {0};
        each(normalized, from, to, b -> {
            if (seen.add(b)) { count[0]++; sink.accept(b); }
        });
        return count[0];
    }

    int distinct(String normalized, IntConsumer sink) {
        return distinct(normalized, 0, normalized.length(), sink);
    }

    /** Calls {@code sink} with the bucket of every feature of {@code normalized}; returns how many there were. */
    int each(String normalized, IntConsumer sink) {
        return each(normalized, 0, normalized.length(), sink);
    }

    private int each(String normalized, int from, int to, IntConsumer sink) {
        char[] text = squeeze(normalized, from, to);
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
    private static char[] squeeze(String s, int from, int to) {
        int end = Math.min(to, from + MAX_CHARS);
        char[] out = new char[end - from + 2];
        int j = 0;
        out[j++] = ' ';
        for (int i = from; i < end; i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) { if (out[j - 1] != ' ') out[j++] = ' '; }
            else out[j++] = c;
        }
        if (out[j - 1] != ' ') out[j++] = ' ';
        return j == out.length ? out : java.util.Arrays.copyOf(out, j);
    }
}
