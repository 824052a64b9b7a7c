package dev.flotilla.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve --config FILE} refuses a bad file with one line before anything starts; {@code config check FILE} says the same. */
class ConfigFileCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = NodeMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aBadFileStopsTheNodeWithOneLineNamingTheFileTheLineAndTheFix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("flotilla.yaml");
        Files.writeString(file, """
                providers:
                  openai: {kind: openai, api_key_env: FLOTILLA_TEST_SURELY_UNSET_KEY}
                agents:
                  assistant: {models: [openai/gpt-4.1-mini]}
                """);

        assertThat(run("serve", "--config", file.toString(), "--data-dir", dir.resolve("data").toString(), "--port", "0")).isEqualTo(2);

        String line = err.toString().strip();
        assertThat(line).doesNotContain("\n")
                .startsWith("flotilla-node: " + file + ":2:39: at providers.openai.api_key_env: environment variable FLOTILLA_TEST_SURELY_UNSET_KEY is not set")
                .contains("fix: export FLOTILLA_TEST_SURELY_UNSET_KEY");
        assertThat(dir.resolve("data")).doesNotExist(); // nothing started
    }

    @Test
    void configCheckSaysOkOrTheMistake(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, """
                agents:
                  assistant: {models: [simulated/primary, simulated/fallback], tools: [clock], stream: true}
                  triage: {pool_size: 2}
                """);
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                agents:
                  assistant: {models: [simulated/primary], max_steps: 0}
                """);

        assertThat(run("config", "check", good.toString())).isZero();
        assertThat(out.toString().strip()).isEqualTo(good + ": ok (0 providers, 0 MCP servers, 2 agents)");
        assertThat(run("config", "check", bad.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n")
                .isEqualTo("flotilla-node: " + bad + ":2:55: at agents.assistant.max_steps: max_steps is 0; fix: use a whole number of at least 1");
    }
}
