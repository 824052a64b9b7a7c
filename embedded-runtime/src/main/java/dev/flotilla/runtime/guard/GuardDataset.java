package dev.flotilla.runtime.guard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Labelled texts for tuning and measuring the guard, one JSON object a line:
 * {@code {"text": "...", "label": "injection"|"benign"}}. A bad file (missing, a malformed line, an
 * unknown label) is an {@link IllegalArgumentException} naming the file and line.
 */
public final class GuardDataset {

    /** One labelled text. */
    public record Example(String text, boolean injection) {}

    private GuardDataset() {}

    public static List<Example> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such file: " + file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        List<Example> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            String where = file + " line " + (i + 1);
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(line);
            } catch (IOException e) {
                throw new IllegalArgumentException(where + ": not JSON");
            }
            if (node == null || !node.isObject() || !node.path("text").isTextual())
                throw new IllegalArgumentException(where + ": expected {\"text\": \"...\", \"label\": \"injection\"|\"benign\"}");
            String label = node.path("label").asText(null);
            if (!"injection".equals(label) && !"benign".equals(label))
                throw new IllegalArgumentException(where + ": unknown label '" + label + "' (injection or benign)");
            out.add(new Example(node.get("text").asText(), "injection".equals(label)));
        }
        if (out.isEmpty()) throw new IllegalArgumentException(file + " holds no examples");
        return out;
    }

    /**
     * A fixed split by label: each label's examples shuffled with {@code seed}, the first
     * {@code heldOut} of them (a fraction) held out. The same file, seed and fraction give the same split.
     */
    public static Split split(List<Example> all, long seed, double heldOut) {
        if (!(heldOut > 0 && heldOut < 1)) throw new IllegalArgumentException("held-out fraction not in (0, 1): " + heldOut);
        List<Example> tune = new ArrayList<>(), held = new ArrayList<>();
        for (boolean label : new boolean[] {true, false}) {
            List<Example> of = new ArrayList<>(all.stream().filter(e -> e.injection() == label).toList());
            Collections.shuffle(of, new Random(seed));
            int cut = (int) Math.round(of.size() * heldOut);
            held.addAll(of.subList(0, cut));
            tune.addAll(of.subList(cut, of.size()));
        }
        return new Split(tune, held);
    }

    /** The part to tune on and the part held out. */
    public record Split(List<Example> tune, List<Example> heldOut) {}

    public static void write(List<Example> examples, Path file) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Example e : examples)
                w.write(Json.write(Map.of("text", e.text(), "label", e.injection() ? "injection" : "benign")) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** German or English, by which language's common words (and letters) the text has more of. */
    public static boolean isGerman(String text) {
        String t = " " + text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}]+", " ") + " ";
        int de = 0, en = 0;
        for (String w : DE) if (t.contains(w)) de++;
        for (String w : EN) if (t.contains(w)) en++;
        for (char c : new char[] {'ä', 'ö', 'ü', 'ß'}) if (t.indexOf(c) >= 0) de++;
        return de > en;
    }

    private static final String[] DE = {" der ", " die ", " das ", " und ", " ist ", " nicht ", " ich ", " sie ", " ein ", " eine ",
            " mit ", " für ", " auf ", " wie ", " was ", " du ", " wir ", " zu ", " von ", " den ", " es ", " im ", " sind ", " werden "};
    private static final String[] EN = {" the ", " and ", " is ", " not ", " i ", " you ", " a ", " an ", " with ", " for ", " on ",
            " how ", " what ", " we ", " to ", " of ", " it ", " in ", " are ", " be ", " can ", " my ", " this ", " that "};
}
