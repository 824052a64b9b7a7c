package dev.flotilla.runtime.guard;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Undoes the usual ways of hiding an instruction from a pattern, so the rules and the classifier
 * see what a model would read: Unicode NFKC (full-width letters, ligatures), invisible characters
 * (zero-width, soft hyphen, bidirectional overrides) removed, look-alike Cyrillic and Greek letters
 * folded to Latin, lower case, and base64, hex and percent-encoded runs decoded and appended. Each
 * step that changed something leaves a note, which becomes part of a verdict's reasons. Stateless
 * and thread-safe; ASCII input skips the Unicode steps.
 */
final class Normalizer {

    /** Encoded runs shorter than this are left alone: short ones are words, ids and hashes far more often. */
    private static final Pattern HEX = Pattern.compile("(?:\\\\x[0-9a-fA-F]{2}){8,}");
    private static final Pattern PERCENT = Pattern.compile("(?:%[0-9a-fA-F]{2}){6,}");
    private static final int MAX_DECODED = 8;

    /** The text as the guard reads it, and what had to be undone to get there. */
    record Normalized(String text, List<String> notes) {}

    Normalized normalize(String input) {
        List<String> notes = new ArrayList<>(2);
        String text = input;
        if (!isAscii(text)) text = unicode(text, notes);
        text = text.toLowerCase(Locale.ROOT);
        String decoded = decodeRuns(input, notes);
        if (decoded != null) text = text + "\n" + normalize(decoded).text(); // what was wrapped may be obfuscated too
        return new Normalized(text, notes);
    }

    private static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) if (s.charAt(i) >= 0x80) return false;
        return true;
    }

    private static String unicode(String s, List<String> notes) {
        String nfkc = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC);
        if (!nfkc.equals(s)) notes.add("unicode compatibility forms normalised (NFKC)");
        StringBuilder out = new StringBuilder(nfkc.length());
        int invisible = 0, folded = 0;
        for (int i = 0, n = nfkc.length(); i < n; i++) {
            char c = nfkc.charAt(i);
            if (isInvisible(c)) { invisible++; continue; }
            char f = Homoglyphs.fold(c);
            if (f != c) folded++;
            out.append(f);
        }
        if (invisible > 0) notes.add(invisible + " invisible or bidi-override characters removed");
        if (folded > 0) notes.add(folded + " look-alike letters folded to Latin");
        return out.toString();
    }

    static boolean isInvisible(char c) {
        return (c >= '\u200B' && c <= '\u200F') // zero-width space/joiners, LRM, RLM
                || (c >= '\u202A' && c <= '\u202E') // bidi embeddings and overrides
                || (c >= '\u2060' && c <= '\u2064') // word joiner, invisible operators
                || (c >= '\u2066' && c <= '\u2069') // bidi isolates
                || c == '\u00AD' || c == '\uFEFF' || c == '\u180E' || c == '\u034F'
                || (c >= '\uFE00' && c <= '\uFE0F'); // variation selectors
    }

    /**
     * The decoded text of every encoded run that decodes to readable text, lower-cased; null when
     * none. One hand-written pass finds the runs (a regex per encoding cost a millisecond on 10,000
     * characters): runs of the base64 alphabet, all-hex runs among them, and {@code \\x41}-escaped
     * and percent-encoded sequences where a backslash or a percent sign occurs at all.
     */
    private static String decodeRuns(String s, List<String> notes) {
        if (s.length() < 16) return null;
        StringBuilder out = new StringBuilder(0);
        int found = 0;
        int n = s.length();
        for (int i = 0; i < n && found < MAX_DECODED; ) {
            if (!isBase64(s.charAt(i))) { i++; continue; }
            int start = i;
            boolean allHex = true;
            while (i < n && isBase64(s.charAt(i))) { allHex &= isHex(s.charAt(i)); i++; }
            while (i < n && s.charAt(i) == '=' && i - start < 2_000_000) i++;
            int len = i - start;
            if (len < 16) continue;
            String run = s.substring(start, i);
            String decoded = allHex && len >= 24 ? decodeHex(run) : decodeBase64(run);
            if (decoded != null) { found++; note(notes, allHex && len >= 24 ? "hex" : "base64"); out.append(decoded).append('\n'); }
        }
        if (s.indexOf("\\x") >= 0) found += decodeAll(HEX, s, "hex", out, notes, found);
        if (s.indexOf('%') >= 0) found += decodeAll(PERCENT, s, "percent-encoded", out, notes, found);
        return out.isEmpty() ? null : out.toString().toLowerCase(Locale.ROOT);
    }

    private static int decodeAll(Pattern p, String s, String kind, StringBuilder out, List<String> notes, int already) {
        int found = 0;
        Matcher m = p.matcher(s);
        while (already + found < MAX_DECODED && m.find()) {
            String decoded = p == HEX ? decodeHex(m.group()) : decodePercent(m.group());
            if (decoded == null) continue;
            found++;
            note(notes, kind);
            out.append(decoded).append('\n');
        }
        return found;
    }

    private static void note(List<String> notes, String kind) {
        String note = kind + " text decoded";
        if (!notes.contains(note)) notes.add(note);
    }

    private static boolean isBase64(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '_' || c == '-';
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String decodeBase64(String run) {
        String t = run.replace('-', '+').replace('_', '/');
        // an ordinary long word of letters only is not base64 worth reading
        if (!hasDigitOrCaseMix(t)) return null;
        t = t.replace("=", "");
        if (t.length() % 4 == 1) t = t.substring(0, t.length() - 1); // a stray last character decodes to nothing
        try {
            return readableOrNull(Base64.getDecoder().decode(pad(t)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String decodeHex(String run) {
        String hex = run.replaceAll("(?i)\\\\x|0x|[\\s:]", "");
        if (hex.length() % 2 == 1) hex = hex.substring(0, hex.length() - 1);
        try {
            return readableOrNull(java.util.HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String decodePercent(String run) {
        try {
            return readableOrNull(java.net.URLDecoder.decode(run, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String readableOrNull(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return readable(text) ? text : null;
    }

    private static boolean hasDigitOrCaseMix(String t) {
        boolean lower = false, upper = false, digit = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c >= 'a' && c <= 'z') lower = true;
            else if (c >= 'A' && c <= 'Z') upper = true;
            else if (c >= '0' && c <= '9') digit = true;
        }
        return (lower && upper) || digit;
    }

    private static String pad(String t) {
        int r = t.length() % 4;
        return r == 0 ? t : t + "==".substring(0, 4 - r);
    }

    /** Mostly letters and spaces: words someone meant a model to read. */
    private static boolean readable(String text) {
        if (text.length() < 8) return false;
        int letters = 0, spaces = 0, bad = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) letters++;
            else if (c == ' ') spaces++;
            else if (c == '\uFFFD' || (c < 0x20 && c != '\n' && c != '\t' && c != '\r')) bad++;
        }
        return bad == 0 && spaces >= 1 && letters + spaces >= text.length() * 0.75;
    }
}
