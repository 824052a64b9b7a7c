package dev.flotilla.runtime.toolpolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.runtime.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which tools each tool role may call, and how: {@code {"roles": {"user": {"clock": {},
 * "word_count": {"constraints": {...}, "approval": false}}, "superadmin": {"*": {}}}}}. A role
 * grants tools by name or every tool ({@code *}); a grant by name wins over {@code *}. A role the
 * policy does not name may call nothing. Immutable and thread-safe; deciding allocates little.
 */
public final class ToolPolicy {

    public static final String ANY = "*";
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final Pattern TOOL = Pattern.compile("\\*|[A-Za-z0-9_.-]{1,64}");

    private final Map<String, Map<String, Grant>> roles;

    private ToolPolicy(Map<String, Map<String, Grant>> roles) {
        Map<String, Map<String, Grant>> copy = new LinkedHashMap<>();
        roles.forEach((r, g) -> copy.put(r, Collections.unmodifiableMap(new LinkedHashMap<>(g))));
        this.roles = Collections.unmodifiableMap(copy);
    }

    /**
     * The seed's {@code TOOL_PERMISSIONS} on the tools a node has: {@code user} the read-only
     * built-ins ({@code clock}, {@code word_count}), {@code admin} those and the seed's writers
     * ({@code write_file}, {@code execute_command}) wherever a node registers them, {@code superadmin} everything.
     */
    public static ToolPolicy defaults() {
        Map<String, Map<String, Grant>> r = new LinkedHashMap<>();
        r.put("user", grants("clock", "word_count"));
        r.put("admin", grants("clock", "word_count", "write_file", "execute_command"));
        r.put("superadmin", grants(ANY));
        return new ToolPolicy(r);
    }

    private static Map<String, Grant> grants(String... tools) {
        Map<String, Grant> g = new LinkedHashMap<>();
        for (String t : tools) g.put(t, Grant.PLAIN);
        return g;
    }

    public static ToolPolicy of(Map<String, Map<String, Grant>> roles) {
        return new ToolPolicy(Objects.requireNonNull(roles, "roles is null"));
    }

    /** Parses and checks a policy; every problem is an {@link IllegalArgumentException} naming where it is. */
    public static ToolPolicy parse(JsonNode n) {
        if (n == null || !n.isObject()) throw new IllegalArgumentException("policy must be an object {\"roles\": {...}}");
        n.fieldNames().forEachRemaining(f -> {
            if (!f.equals("roles")) throw new IllegalArgumentException("policy has an unknown field '" + f + "' (known: roles)");
        });
        JsonNode rs = n.get("roles");
        if (rs == null || !rs.isObject() || rs.isEmpty()) throw new IllegalArgumentException("policy.roles must be an object naming at least one tool role");
        Map<String, Map<String, Grant>> roles = new LinkedHashMap<>();
        rs.fields().forEachRemaining(role -> {
            String name = role.getKey();
            if (!ROLE.matcher(name).matches()) {
                throw new IllegalArgumentException("tool role '" + name + "' is not a valid name (lower case letters, digits, _ and -, up to 40)");
            }
            JsonNode gs = role.getValue();
            if (gs == null || !gs.isObject()) throw new IllegalArgumentException("roles." + name + " must be an object of grants by tool name");
            Map<String, Grant> grants = new LinkedHashMap<>();
            gs.fields().forEachRemaining(g -> {
                if (!TOOL.matcher(g.getKey()).matches()) {
                    throw new IllegalArgumentException("roles." + name + " grants '" + g.getKey() + "', which is neither * nor a tool name");
                }
                grants.put(g.getKey(), Grant.parse("roles." + name + "." + g.getKey(), g.getValue()));
            });
            roles.put(name, grants);
        });
        return new ToolPolicy(roles);
    }

    public static ToolPolicy parse(String json) {
        try {
            return parse(Json.MAPPER.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("policy is not valid JSON: " + e.getOriginalMessage());
        }
    }

    public Map<String, Map<String, Grant>> roles() { return roles; }

    /** The grant of {@code tool} to {@code role}: by name, else {@code *}; null when none. */
    public Grant grant(String role, String tool) {
        Map<String, Grant> g = roles.get(role);
        if (g == null) return null;
        Grant exact = g.get(tool);
        return exact != null ? exact : g.get(ANY);
    }

    /** The tools of {@code tools} that {@code role} is granted (constraints are checked per call). */
    public List<String> offered(String role, List<String> tools) {
        Map<String, Grant> g = roles.get(role);
        if (g == null) return List.of();
        if (g.containsKey(ANY)) return tools;
        List<String> out = null;
        for (int i = 0; i < tools.size(); i++) {
            boolean keep = g.containsKey(tools.get(i));
            if (!keep && out == null) out = new ArrayList<>(tools.subList(0, i));
            else if (keep && out != null) out.add(tools.get(i));
        }
        return out == null ? tools : List.copyOf(out);
    }

    /** What this policy says of {@code role} calling {@code tool} with {@code arguments} (JSON text). */
    public Decision decide(String role, String tool, String arguments) {
        if (!roles.containsKey(role)) return Decision.refused("tool role '" + role + "' is not in the tool policy");
        Grant grant = grant(role, tool);
        if (grant == null) return Decision.refused("tool role " + role + " may not call " + tool);
        if (!grant.constraints().isEmpty()) {
            JsonNode args;
            try {
                args = arguments == null || arguments.isBlank() ? null : Json.MAPPER.readTree(arguments);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return Decision.refused("the arguments of " + tool + " are not JSON, and its grant to " + role + " constrains them");
            }
            if (args != null && !args.isObject()) return Decision.refused("the arguments of " + tool + " are not a JSON object");
            String broken = grant.check(args);
            if (broken != null) return Decision.refused(broken + " (grant of " + tool + " to " + role + ")");
        }
        if (grant.approval()) return Decision.needsApproval("tool role " + role + " needs an operator's approval to call " + tool);
        return Decision.allowed();
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        ObjectNode rs = n.putObject("roles");
        roles.forEach((role, grants) -> {
            ObjectNode g = rs.putObject(role);
            grants.forEach((tool, grant) -> g.set(tool, grant.toJson()));
        });
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolPolicy p && roles.equals(p.roles);
    }

    @Override
    public int hashCode() { return roles.hashCode(); }

    @Override
    public String toString() { return Json.write(toJson()); }
}
