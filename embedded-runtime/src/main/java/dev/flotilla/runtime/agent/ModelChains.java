package dev.flotilla.runtime.agent;

import dev.flotilla.runtime.model.ModelRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Model chains per agent from one line, as {@code --models} and {@code FLOTILLA_MODELS} take them:
 * {@code assistant=simulated/primary,simulated/fallback;triage=simulated/fast} (agents separated by
 * {@code ;}, each chain primary first). Agents not named keep their chain.
 */
public final class ModelChains {
    private ModelChains() {}

    public static Map<String, List<ModelRef>> parse(String spec) {
        Map<String, List<ModelRef>> chains = new LinkedHashMap<>();
        for (String item : (spec == null ? "" : spec).split(";")) {
            if (item.isBlank()) continue;
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("model chain must be agent=provider/model[,provider/model...]: '" + item.trim() + "'");
            }
            String agent = item.substring(0, eq).trim();
            if (agent.isEmpty()) throw new IllegalArgumentException("model chain without an agent name: '" + item.trim() + "'");
            List<ModelRef> chain;
            try {
                chain = ModelRef.parseChain(item.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("models of agent '" + agent + "': " + e.getMessage());
            }
            if (chains.put(agent, chain) != null) throw new IllegalArgumentException("models of agent '" + agent + "' given twice");
        }
        return chains;
    }

    /** The agents with the chains of {@code spec} applied; naming an agent that is not in the list is an error. */
    public static List<AgentDefinition> apply(List<AgentDefinition> agents, String spec) {
        Map<String, List<ModelRef>> chains = parse(spec);
        for (String named : chains.keySet()) {
            if (agents.stream().noneMatch(a -> a.name().equals(named))) {
                throw new IllegalArgumentException("models given for agent '" + named + "', which this node does not run (agents: "
                        + agents.stream().map(AgentDefinition::name).collect(Collectors.joining(", ")) + ")");
            }
        }
        return agents.stream().map(a -> chains.containsKey(a.name()) ? a.withModels(chains.get(a.name())) : a).toList();
    }
}
