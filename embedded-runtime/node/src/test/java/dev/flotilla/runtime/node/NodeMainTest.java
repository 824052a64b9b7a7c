package dev.flotilla.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The node's command line refuses bad autoscaling settings with one line and exit code 2, before anything starts. */
class NodeMainTest {

    private final StringWriter err = new StringWriter();

    private int serve(String... args) {
        CommandLine cli = NodeMain.commandLine();
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    @Test
    void autoscaleBoundsTheWrongWayRoundAreOneLineAndExitTwo() {
        assertThat(serve("--autoscale-min", "5", "--autoscale-max", "2")).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("min 5, max 2");
    }

    @Test
    void aMaxAboveTheLimitIsRefused() {
        assertThat(serve("--autoscale-max", "5000")).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("max 5000");
    }

    @Test
    void aMinWithoutAMaxIsRefused() {
        assertThat(serve("--autoscale-min", "2")).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--autoscale-max");
    }

    @Test
    void aCooldownBelowOneSecondIsRefused() {
        assertThat(serve("--autoscale-max", "8", "--autoscale-cooldown-seconds", "0")).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--autoscale-cooldown-seconds");
    }

    @Test
    void aValueThatIsNotANumberIsOneLineToo() {
        assertThat(serve("--autoscale-max", "lots")).isEqualTo(2);
        assertThat(err.toString().strip()).doesNotContain("\n").contains("--autoscale-max").contains("lots").contains("--help");
    }

    @Test
    void helpListsTheAutoscalingFlagsAndTheirVariables() {
        StringWriter out = new StringWriter();
        CommandLine cli = NodeMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("serve", "--help")).isZero();
        assertThat(out.toString()).contains("--autoscale-min", "FLOTILLA_AUTOSCALE_MIN", "--autoscale-max", "FLOTILLA_AUTOSCALE_MAX",
                "--autoscale-cooldown-seconds", "FLOTILLA_AUTOSCALE_COOLDOWN_SECONDS");
    }
}
