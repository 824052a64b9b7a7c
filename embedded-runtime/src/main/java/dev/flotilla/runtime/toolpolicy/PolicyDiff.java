package dev.flotilla.runtime.toolpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What changed between two policies, grant by grant: {@code added}, {@code removed} or {@code changed}. */
public final class PolicyDiff {

    /** One grant that differs; {@code before}/{@code after} are the grants' JSON (null where there is none). */
    public record Change(String role, String tool, String change, JsonNode before, JsonNode after) {}

    private PolicyDiff() {}

    public static List<Change> between(ToolPolicy from, ToolPolicy to) {
        List<Change> out = new ArrayList<>();
        Set<String> roles = new LinkedHashSet<>(from.roles().keySet());
        roles.addAll(to.roles().keySet());
        for (String role : roles) {
            Map<String, Grant> a = from.roles().getOrDefault(role, Map.of());
            Map<String, Grant> b = to.roles().getOrDefault(role, Map.of());
            Set<String> tools = new LinkedHashSet<>(a.keySet());
            tools.addAll(b.keySet());
            for (String tool : tools) {
                Grant before = a.get(tool);
                Grant after = b.get(tool);
                if (before == null) out.add(new Change(role, tool, "added", null, after.toJson()));
                else if (after == null) out.add(new Change(role, tool, "removed", before.toJson(), null));
                else if (!before.equals(after)) out.add(new Change(role, tool, "changed", before.toJson(), after.toJson()));
            }
        }
        return out;
    }
}
