package dev.flotilla.runtime.model.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tool names as providers accept them ({@code [a-zA-Z0-9_-]{1,64}}) and back: an MCP tool named
 * {@code everything.echo} in the runtime goes out as {@code everything_echo}; the reply's name is
 * mapped back to the runtime's so permissions and the timeline see the real name.
 */
public final class ToolNames {

    private final Map<String, String> toWire = new HashMap<>();
    private final Map<String, String> fromWire = new HashMap<>();

    public ToolNames(List<String> tools) {
        for (String t : tools) {
            String w = wire(t);
            String base = w;
            for (int n = 2; fromWire.containsKey(w); n++) {
                String suffix = "_" + n;
                w = base.substring(0, Math.min(base.length(), 64 - suffix.length())) + suffix;
            }
            toWire.put(t, w);
            fromWire.put(w, t);
        }
    }

    public String toWire(String tool) {
        return toWire.getOrDefault(tool, wire(tool));
    }

    /** The runtime's name for a name a provider sent; unknown names stay as sent (the tool chain refuses them). */
    public String fromWire(String name) {
        return name == null ? null : fromWire.getOrDefault(name, name);
    }

    private static String wire(String tool) {
        String w = tool.replaceAll("[^a-zA-Z0-9_-]", "_");
        return w.length() <= 64 ? w : w.substring(0, 64);
    }
}
