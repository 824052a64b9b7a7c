package dev.flotilla.runtime.money;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@code promtool check metrics} on a scrape (installed on CI by .ci/run; where it is missing the check says so and fails). */
final class Promtool {

    private Promtool() {}

    static void check(String scrape) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(Files.isExecutable(promtool)).as("promtool at " + promtool).isTrue();
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool: " + said).isZero();
    }
}
