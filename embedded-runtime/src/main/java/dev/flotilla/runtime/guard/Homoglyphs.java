package dev.flotilla.runtime.guard;

/**
 * Letters of other scripts that look like Latin ones (Cyrillic, Greek) and a few symbols used as
 * letters, folded to the Latin letter a reader sees: "іgnоrе" written with Cyrillic і, о, е reads
 * as "ignore". NFKC has already folded full-width and mathematical alphanumerics.
 */
final class Homoglyphs {

    private static final char[] FOLD = new char[0x0530];

    static {
        for (char c = 0; c < FOLD.length; c++) FOLD[c] = c;
        map("АВЕКМНОРСТХУ", "ABEKMHOPCTXY"); // Cyrillic capitals
        map("аеорсухіјѕԁһԛԝ", "aeopcyxijsdhqw"); // Cyrillic small (і, ј, ѕ: Ukrainian and Macedonian)
        map("ЅІЈԜ", "SIJW");
        map("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX"); // Greek capitals
        map("αοιρνκτυχεωγ", "aoipvktuxewy"); // Greek small, the look-alikes
    }

    private Homoglyphs() {}

    private static void map(String from, String to) {
        if (from.length() != to.length()) throw new IllegalStateException("homoglyph tables differ in length: " + from);
        for (int i = 0; i < from.length(); i++) FOLD[from.charAt(i)] = to.charAt(i);
    }

    static char fold(char c) {
        return c < FOLD.length ? FOLD[c] : c;
    }
}
