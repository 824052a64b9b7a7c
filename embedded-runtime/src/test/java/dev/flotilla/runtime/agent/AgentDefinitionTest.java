package dev.flotilla.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.runtime.FleetRuntime;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.support.Http;
import dev.flotilla.runtime.support.TestNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentDefinitionTest {

    @Test
    void parsesNamesWithOptionalPoolSizes() {
        List<AgentDefinition> agents = AgentDefinition.parseList(" assistant:2, triage ", 4);
        assertThat(agents).extracting(AgentDefinition::name).containsExactly("assistant", "triage");
        assertThat(agents).extracting(AgentDefinition::poolSize).containsExactly(2, 4);
    }

    @Test
    void refusesBadListsWithTheOffendingEntry() {
        assertThatThrownBy(() -> AgentDefinition.parseList("a:x", 4)).hasMessageContaining("a").hasMessageContaining("x");
        assertThatThrownBy(() -> AgentDefinition.parseList("a,a", 4)).hasMessageContaining("twice");
        assertThatThrownBy(() -> AgentDefinition.parseList(" , ", 4)).hasMessageContaining("no agents");
        assertThatThrownBy(() -> AgentDefinition.parseList("Bad Name", 4)).hasMessageContaining("Bad Name");
        assertThatThrownBy(() -> AgentDefinition.parseList("a:0", 4)).hasMessageContaining("poolSize");
    }

    @Test
    void aNodeConfiguredWithOtherAgentsServesThemAndOnlyThem() {
        FleetRuntime.Builder b = TestNodes.node().nodeId("agents");
        AgentDefinition.parseList("triage:2,writer:1", 4).forEach(b::agent);
        try (FleetRuntime node = b.build().start()) {
            Http http = TestNodes.http(node);
            String id = http.submit("triage", "sort this ticket", null);
            assertThat(http.awaitTerminal(id, Duration.ofSeconds(20)).path("status").asText()).isEqualTo("succeeded");
            Http.Response refused = http.post("/v1/runs", "{\"agent\":\"assistant\",\"input\":\"hi\"}");
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.json().at("/error/message").asText()).contains("triage").contains("writer");
            List<String> pools = new ArrayList<>();
            for (JsonNode p : http.get("/v1/fleet").json().at("/nodes/0/pools")) pools.add(p.get("agent").asText() + ":" + p.get("size").asInt());
            assertThat(pools).containsExactlyInAnyOrder("triage:2", "writer:1");
        }
    }

    @Test
    void agentsGetTheDefaultChainAndRunTimeoutUnlessGivenOthers() {
        AgentDefinition a = AgentDefinition.parseList("assistant", 4).getFirst();
        assertThat(a.models()).extracting(ModelRef::toString).containsExactly("simulated/primary", "simulated/fallback");
        assertThat(a.runTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(AgentDefinition.assistant(2).models()).isEqualTo(AgentDefinition.DEFAULT_MODELS);
        assertThatThrownBy(() -> a.withModels(List.of())).hasMessageContaining("no models");
        assertThatThrownBy(() -> a.withRunTimeout(Duration.ZERO)).hasMessageContaining("runTimeout");
    }

    @Test
    void chainsAreConfiguredPerAgentFromOneLine() {
        List<AgentDefinition> agents = ModelChains.apply(AgentDefinition.parseList("assistant,triage:2", 4),
                "triage=simulated/fast, simulated/primary ; ");
        assertThat(agents.get(0).models()).isEqualTo(AgentDefinition.DEFAULT_MODELS);
        assertThat(agents.get(1).models()).extracting(ModelRef::toString).containsExactly("simulated/fast", "simulated/primary");
        assertThat(agents.get(1).poolSize()).isEqualTo(2);
        assertThat(ModelChains.apply(agents, "")).isEqualTo(agents);
    }

    @Test
    void badChainsAreRefusedInOneLineNamingTheAgent() {
        List<AgentDefinition> agents = AgentDefinition.parseList("assistant", 4);
        assertThatThrownBy(() -> ModelChains.apply(agents, "writer=simulated/x"))
                .hasMessageContaining("'writer'").hasMessageContaining("agents: assistant");
        assertThatThrownBy(() -> ModelChains.apply(agents, "assistant"))
                .hasMessageContaining("agent=provider/model");
        assertThatThrownBy(() -> ModelChains.apply(agents, "assistant=primary"))
                .hasMessageContaining("models of agent 'assistant'").hasMessageContaining("provider/model");
        assertThatThrownBy(() -> ModelChains.apply(agents, "assistant=a/b;assistant=a/c")).hasMessageContaining("twice");
    }

    @Test
    void aNodeRefusesAnAgentWhoseModelHasNoProvider() {
        FleetRuntime.Builder b = TestNodes.node().nodeId("providers")
                .agent(AgentDefinition.assistant(1).withModels(List.of(ModelRef.parse("openai/gpt-4o"))));
        assertThatThrownBy(b::build).hasMessageContaining("openai/gpt-4o").hasMessageContaining("providers: simulated");
    }
}
