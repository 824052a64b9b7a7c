package dev.flotilla.node;

import dev.flotilla.runtime.audit.AuditChain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code flotilla-node audit verify FILE}: checks an audit export (JSON Lines) offline, without a node or Redis. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with the fleet's audit log offline.",
        subcommands = AuditCommand.Verify.class)
final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Verifies the hash chain of an audit export (GET /v1/audit/export, JSON Lines).",
                    "Exit code 0: intact; 1: broken (the first broken entry is named); 2: the file cannot be read."})
    static final class Verify implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE", description = "the export to verify")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            AuditChain.Verdict verdict;
            try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                verdict = AuditChain.verify(lines.lines().iterator());
            } catch (IOException | java.io.UncheckedIOException e) {
                err.println("flotilla-node: cannot read " + file + ": " + e.getMessage());
                return 2;
            }
            if (verdict.ok()) {
                out.println("ok: " + verdict.entries() + " entries, verified through #" + verdict.verifiedThrough());
                return 0;
            }
            out.println("BROKEN at #" + verdict.firstBroken() + ": " + verdict.problem() + " (verified through #" + verdict.verifiedThrough() + ")");
            return 1;
        }
    }
}
