package dev.flotilla.console.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/** The agents a node defines ({@code GET /v1/agents}): models primary first, tools, prompt and settings. */
public record AgentCatalog(List<Agent> agents) {

    public AgentCatalog {
        agents = agents == null ? List.of() : List.copyOf(agents);
    }

    public record Agent(String name, List<String> models, List<String> tools,
                        @JsonProperty("system_prompt") String systemPrompt, @JsonProperty("max_steps") Integer maxSteps,
                        Double temperature, @JsonProperty("max_output_tokens") Integer maxOutputTokens, Boolean stream) {
        public Agent {
            models = models == null ? List.of() : List.copyOf(models);
            tools = tools == null ? List.of() : List.copyOf(tools);
        }
    }

    public Optional<Agent> agent(String name) {
        return agents.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
