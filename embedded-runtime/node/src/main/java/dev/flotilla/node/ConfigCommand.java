package dev.flotilla.node;

import dev.flotilla.runtime.agents.AgentsConfig;
import dev.flotilla.runtime.agents.AgentsFile;
import dev.flotilla.runtime.agents.ConfiguredAgents;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla-node config check FILE}: the checks a node makes of its configuration file at start, without starting it. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Works with the node's configuration file.",
        subcommands = {ConfigCommand.Check.class})
final class ConfigCommand {

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Checks a configuration file as a starting node would (providers, keys, MCP commands, agents).",
                    "Prints one line: ok, or the first mistake with its line and the fix (exit code 2)."})
    static final class Check implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The YAML file given to serve --config.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            AgentsConfig config = AgentsFile.load(file, System.getenv(), ConfiguredAgents.builtInTools(), 4);
            spec.commandLine().getOut().println(file + ": ok (" + config.providers().size() + " providers, "
                    + config.mcpServers().size() + " MCP servers, " + config.pending().size() + " agents)");
            return 0;
        }
    }
}
