package dev.flotilla.runtime.api.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** JSON the runtime stored as text (timelines, errors, events), read back for an answer. */
final class StoredJson {

    private StoredJson() {}

    /** The array as stored; an empty array when there is none or it is damaged. */
    static JsonNode array(String json) {
        if (json == null || json.isEmpty()) return Json.MAPPER.createArrayNode();
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return Json.MAPPER.createArrayNode();
        }
    }

    /** Each readable document; damaged ones are skipped. */
    static List<JsonNode> each(List<String> documents) {
        List<JsonNode> out = new ArrayList<>(documents.size());
        for (String d : documents) {
            try {
                out.add(Json.MAPPER.readTree(d));
            } catch (IOException ignored) {
                // a damaged entry is skipped
            }
        }
        return out;
    }
}
