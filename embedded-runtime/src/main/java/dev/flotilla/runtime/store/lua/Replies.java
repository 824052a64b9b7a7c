package dev.flotilla.runtime.store.lua;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reading script replies. */
final class Replies {

    private Replies() {}

    static List<?> list(Object reply) {
        return (List<?>) reply;
    }

    /** Fields and values from {@code from} on, as a map. */
    static Map<String, String> hash(List<?> flat, int from) {
        Map<String, String> h = new HashMap<>();
        for (int i = from; i + 1 < flat.size(); i += 2) h.put((String) flat.get(i), (String) flat.get(i + 1));
        return h;
    }
}
