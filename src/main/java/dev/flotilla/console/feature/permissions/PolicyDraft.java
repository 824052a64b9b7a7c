package dev.flotilla.console.feature.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.console.fleet.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The policy being edited, immutable: tool roles (the matrix's columns, in the policy's order),
 * tools (its rows: {@code *} first, then those the policy or the fleet names), and the grants. Each
 * edit returns a new draft, so undo is keeping the old one.
 */
public record PolicyDraft(List<String> roles, List<String> tools, Map<String, Map<String, GrantDraft>> grants) {

    public static final String ANY = "*";
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final Pattern TOOL = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public PolicyDraft {
        roles = List.copyOf(roles);
        tools = List.copyOf(tools);
        Map<String, Map<String, GrantDraft>> copy = new LinkedHashMap<>();
        grants.forEach((r, g) -> copy.put(r, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(g))));
        grants = java.util.Collections.unmodifiableMap(copy);
    }

    /** The draft of {@code policy} ({@code {"roles": ...}}), with rows for {@code knownTools} too. */
    public static PolicyDraft of(JsonNode policy, Collection<String> knownTools) {
        List<String> roles = new ArrayList<>();
        LinkedHashSet<String> tools = new LinkedHashSet<>();
        tools.add(ANY);
        Map<String, Map<String, GrantDraft>> grants = new LinkedHashMap<>();
        policy.path("roles").fields().forEachRemaining(r -> {
            roles.add(r.getKey());
            Map<String, GrantDraft> g = new LinkedHashMap<>();
            r.getValue().fields().forEachRemaining(t -> {
                g.put(t.getKey(), GrantDraft.of(t.getValue()));
                tools.add(t.getKey());
            });
            grants.put(r.getKey(), g);
        });
        tools.addAll(knownTools);
        return new PolicyDraft(roles, sorted(tools), grants);
    }

    private static List<String> sorted(Collection<String> tools) {
        List<String> out = new ArrayList<>(tools);
        out.sort((a, b) -> a.equals(ANY) ? -1 : b.equals(ANY) ? 1 : a.compareTo(b));
        return out;
    }

    /** The grant of {@code tool} to {@code role} as written (no {@code *} fallback); null for none. */
    public GrantDraft grant(String tool, String role) {
        return grants.getOrDefault(role, Map.of()).get(tool);
    }

    public CellKind kind(String tool, String role) {
        GrantDraft g = grant(tool, role);
        return g == null ? CellKind.DENY : g.kind();
    }

    /** What the cell shows: its grant in words, or "via *" when only {@code *} grants the tool. */
    public String summary(String tool, String role) {
        GrantDraft g = grant(tool, role);
        if (g != null) return g.summary();
        if (!tool.equals(ANY) && grant(ANY, role) != null) return "deny here · " + grant(ANY, role).summary() + " via *";
        return "deny";
    }

    /** The draft with {@code tool} for {@code role} set to {@code kind}; constraints survive allow ↔ approval. */
    public PolicyDraft withKind(String tool, String role, CellKind kind) {
        GrantDraft now = grant(tool, role);
        GrantDraft base = now == null ? GrantDraft.PLAIN : now;
        return switch (kind) {
            case DENY -> withGrant(tool, role, null);
            case ALLOW, CONSTRAINED -> withGrant(tool, role, base.withApproval(false));
            case APPROVAL -> withGrant(tool, role, base.withApproval(true));
        };
    }

    /** Deny → allow → needs approval → deny: what Space does. */
    public PolicyDraft cycled(String tool, String role) {
        return withKind(tool, role, switch (kind(tool, role)) {
            case DENY -> CellKind.ALLOW;
            case ALLOW, CONSTRAINED -> CellKind.APPROVAL;
            case APPROVAL -> CellKind.DENY;
        });
    }

    /** With the grant set, or removed when {@code g} is null. */
    public PolicyDraft withGrant(String tool, String role, GrantDraft g) {
        requireRole(role);
        Map<String, Map<String, GrantDraft>> next = new LinkedHashMap<>(grants);
        Map<String, GrantDraft> of = new LinkedHashMap<>(next.getOrDefault(role, Map.of()));
        if (g == null) of.remove(tool);
        else of.put(tool, g);
        next.put(role, of);
        List<String> ts = tools.contains(tool) ? tools : sorted(concat(tools, tool));
        return new PolicyDraft(roles, ts, next);
    }

    public PolicyDraft withTool(String tool) {
        if (!TOOL.matcher(Objects.requireNonNullElse(tool, "")).matches()) {
            throw new IllegalArgumentException("'" + tool + "' is not a tool name (letters, digits, _ . -)");
        }
        return tools.contains(tool) ? this : new PolicyDraft(roles, sorted(concat(tools, tool)), grants);
    }

    public PolicyDraft withRole(String role) {
        if (!ROLE.matcher(Objects.requireNonNullElse(role, "")).matches()) {
            throw new IllegalArgumentException("'" + role + "' is not a tool role name (lower case letters, digits, _ and -)");
        }
        if (roles.contains(role)) return this;
        Map<String, Map<String, GrantDraft>> next = new LinkedHashMap<>(grants);
        next.put(role, Map.of());
        return new PolicyDraft(concat(roles, role), tools, next);
    }

    private void requireRole(String role) {
        if (!roles.contains(role)) throw new IllegalArgumentException("no tool role '" + role + "' in the draft");
    }

    private static List<String> concat(List<String> list, String one) {
        List<String> out = new ArrayList<>(list);
        out.add(one);
        return out;
    }

    /** The policy as the API takes it. */
    public ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ObjectNode rs = n.putObject("roles");
        for (String role : roles) {
            ObjectNode g = rs.putObject(role);
            grants.getOrDefault(role, Map.of()).forEach((tool, grant) -> g.set(tool, grant.toJson()));
        }
        return n;
    }

    /** Whether this draft says the same as {@code other} (rows without grants do not count). */
    public boolean samePolicy(PolicyDraft other) {
        return other != null && toJson().equals(other.toJson());
    }

    /** What keeps this draft from being published, in words; empty when nothing does. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (roles.isEmpty()) out.add("the policy names no tool role");
        grants.forEach((role, gs) -> gs.forEach((tool, g) -> g.constraints().forEach((arg, c) -> {
            String p = c.problem(role + " · " + tool + " · " + arg);
            if (p != null) out.add(p);
        })));
        return out;
    }

    /** The grants that differ from {@code base}, in words: "user · clock: deny → allow". */
    public List<String> changesFrom(PolicyDraft base) {
        List<String> out = new ArrayList<>();
        LinkedHashSet<String> allRoles = new LinkedHashSet<>(base.roles);
        allRoles.addAll(roles);
        for (String role : allRoles) {
            if (!base.roles.contains(role)) out.add("new tool role " + role);
            else if (!roles.contains(role)) out.add("tool role " + role + " removed");
            LinkedHashSet<String> ts = new LinkedHashSet<>(base.grants.getOrDefault(role, Map.of()).keySet());
            ts.addAll(grants.getOrDefault(role, Map.of()).keySet());
            for (String tool : ts) {
                GrantDraft a = base.grant(tool, role);
                GrantDraft b = grant(tool, role);
                if (Objects.equals(a, b)) continue;
                out.add(role + " · " + tool + ": " + (a == null ? "deny" : a.summary()) + " → " + (b == null ? "deny" : b.summary()));
            }
        }
        return out;
    }
}
