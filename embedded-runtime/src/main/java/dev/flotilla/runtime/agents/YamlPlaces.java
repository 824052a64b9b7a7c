package dev.flotilla.runtime.agents;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key and list item of a YAML text stands, by JSON Pointer ({@code /agents/assistant/models/0}
 * to {@code 7:7}), so a mistake found after parsing still names its line.
 */
final class YamlPlaces {

    private final Map<String, String> places = new HashMap<>();

    YamlPlaces(YAMLFactory yaml, String text) {
        try (JsonParser p = yaml.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME || t.isScalarValue()) {
                    var at = p.currentTokenLocation();
                    String place = at.getLineNr() + ":" + at.getColumnNr();
                    String pointer = p.getParsingContext().pathAsPointer().toString();
                    // a value is where a mistake is; its key stands for a value that is a map or list
                    if (t.isScalarValue()) places.put(pointer, place);
                    else places.putIfAbsent(pointer, place);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the binding reports what is unreadable; places are a courtesy
        }
    }

    /** {@code line:column} of {@code pointer}, or of its nearest parent that has one; "1:1" at worst. */
    String of(String pointer) {
        for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
            String at = places.get(p);
            if (at != null) return at;
            if (p.isEmpty() || p.lastIndexOf('/') < 0) return "1:1";
        }
    }
}
