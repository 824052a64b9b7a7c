package dev.flotilla.runtime.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.runtime.agent.AgentDefinition;
import dev.flotilla.runtime.model.ModelRef;
import dev.flotilla.runtime.model.anthropic.AnthropicChatModel;
import dev.flotilla.runtime.model.openai.OpenAiChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentsFileTest {

    static final Set<String> BUILT_IN = Set.of("clock", "word_count");
    static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-env-0123456789abcdef", "PATH", "/usr/bin:/bin");

    static final String GOOD = """
            providers:
              openai: {kind: openai, base_url: "http://127.0.0.1:9/v1", api_key_env: OPENAI_API_KEY}
              claude: {kind: anthropic, api_key_file: claude.key}
            mcp_servers:
              everything: {command: ["sh", "-c", "exit 0"], timeout_seconds: 5}
            agents:
              assistant:
                models: [openai/gpt-4.1-mini, claude/claude-haiku-4-5, simulated/fallback]
                system_prompt: "You are a careful assistant."
                tools: [clock, "everything:*", everything.echo]
                max_steps: 8
                max_output_tokens: 1024
                temperature: 0.2
                stream: true
                pool_size: 3
              triage: {}
            """;

    static AgentsConfig parse(String text, Path dir) {
        return AgentsFile.parse("flotilla.yaml", text, ENV, dir, BUILT_IN, 4);
    }

    @Test
    void aGoodFileGivesProvidersServersAndAgents(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("claude.key"), "sk-ant-file-0123456789\n");

        AgentsConfig config = parse(GOOD, dir);

        assertThat(config.providers().get("openai")).isInstanceOf(OpenAiChatModel.class);
        assertThat(config.providers().get("claude")).isInstanceOf(AnthropicChatModel.class);
        assertThat(config.providers().toString()).doesNotContain("sk-env").doesNotContain("sk-ant-file");
        assertThat(config.mcpServers().get("everything").callTimeout().toSeconds()).isEqualTo(5);
        List<AgentDefinition> agents = config.agents(Map.of("everything", List.of("echo", "add")));
        AgentDefinition a = agents.getFirst();
        assertThat(a.models()).containsExactly(ModelRef.parse("openai/gpt-4.1-mini"), ModelRef.parse("claude/claude-haiku-4-5"),
                ModelRef.parse("simulated/fallback"));
        assertThat(a.tools()).containsExactly("clock", "everything.echo", "everything.add");
        assertThat(a.systemPrompt()).isEqualTo("You are a careful assistant.");
        assertThat(a.maxSteps()).isEqualTo(8);
        assertThat(a.poolSize()).isEqualTo(3);
        assertThat(a.modelSettings()).isEqualTo(new AgentDefinition.ModelSettings(0.2, 1024, true));
        AgentDefinition triage = agents.get(1);
        assertThat(triage.models()).isEqualTo(AgentDefinition.DEFAULT_MODELS);
        assertThat(triage.poolSize()).isEqualTo(4);
        assertThat(triage.modelSettings().stream()).isFalse();
    }

    @Test
    void anMcpToolTheServerDoesNotHaveIsNamedWithItsLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("claude.key"), "k-0123456789");
        AgentsConfig config = parse(GOOD, dir);

        assertThatThrownBy(() -> config.agents(Map.of("everything", List.of("add"))))
                .hasMessage("flotilla.yaml:10:36: at agents.assistant.tools[2]: MCP server 'everything' has no tool 'echo' (it has: add); "
                        + "fix: name one of those, or everything.*");
    }

    static String mistake(String text) {
        try {
            parse(text, null);
        } catch (ConfigFileException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return e.getMessage();
        }
        throw new AssertionError("no mistake found in:\n" + text);
    }

    @Test
    void eachMistakeIsOneLineNamingTheFileThePlaceAndTheFix() {
        assertThat(mistake("""
                providers:
                  x: {kind: gemini}
                """)).isEqualTo("flotilla.yaml:2:13: at providers.x.kind: unknown provider kind 'gemini'; "
                + "fix: use kind: openai (any OpenAI-compatible server) or kind: anthropic");
        assertThat(mistake("""
                agents:
                  assistant:
                    models: [simulated/primary, claude/claude-haiku-4-5]
                """)).startsWith("flotilla.yaml:3:33: at agents.assistant.models[1]: model 'claude/claude-haiku-4-5' names provider 'claude', which is not defined")
                .endsWith("fix: add it under providers:, or fix the name");
        assertThat(mistake("""
                providers:
                  claude: {kind: anthropic, api_key_env: ANTHROPIC_API_KEY}
                """)).isEqualTo("flotilla.yaml:2:42: at providers.claude.api_key_env: environment variable ANTHROPIC_API_KEY is not set; "
                + "fix: export ANTHROPIC_API_KEY with the provider's key before starting the node, or name another variable");
        assertThat(mistake("""
                mcp_servers:
                  everything: {command: [mcp-server-nowhere-to-be-found]}
                """)).startsWith("flotilla.yaml:2:26: at mcp_servers.everything.command[0]: MCP command 'mcp-server-nowhere-to-be-found' is not found");
        assertThat(mistake("""
                agents:
                  assistant:
                    max_steps: many
                """)).startsWith("flotilla.yaml:3:16: at agents.assistant.max_steps: wrong type:");
        assertThat(mistake("""
                agents:
                  assistant:
                    modles: [simulated/primary]
                """)).startsWith("flotilla.yaml:3:5: at agents.assistant.modles: unknown field 'modles'; fix: use one of: ")
                .contains("models");
        assertThat(mistake("""
                providers:
                  openai: {kind: openai, api_key: sk-live-0123456789abcdefgh}
                """)).contains("at providers.openai.api_key: a key written in the file").doesNotContain("sk-live-0123456789abcdefgh");
        assertThat(mistake("""
                agents:
                  assistant: {tools: [clock, browser]}
                """)).startsWith("flotilla.yaml:2:30: at agents.assistant.tools[1]: no tool named 'browser'");
        assertThat(mistake("agents: [oops")).startsWith("flotilla.yaml:1:");
    }
}
