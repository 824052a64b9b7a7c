package dev.flotilla.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The node's command line refuses bad autoscaling settings with one line and exit code 2, before
 * anything starts; its defaults keep the gateway on this machine and secrets out of the process list.
 */
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

    @Test
    void theGatewayListensOnThisMachineOnlyUnlessToldOtherwise() {
        assumeThat(System.getenv("FLOTILLA_HOST")).as("FLOTILLA_HOST unset").isNull();
        NodeMain.Serve serve = (NodeMain.Serve) NodeMain.commandLine().parseArgs("serve").subcommand().commandSpec().userObject();
        assertThat(serve.host).isEqualTo("127.0.0.1");
    }

    @Test
    void helpSaysHowToListenOnAllInterfaces() {
        StringWriter out = new StringWriter();
        CommandLine cli = NodeMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute("serve", "--help")).isZero();
        String help = out.toString().replaceAll("\\s+", " "); // help text wraps at 80 columns
        assertThat(help).contains("default 127.0.0.1", "--host 0.0.0.0", "FLOTILLA_HOST=0.0.0.0")
                .contains("--redis-password-file", "FLOTILLA_REDIS_PASSWORD_FILE");
    }

    @Test
    void aRedisPasswordInTheArgumentsIsWarnedAboutWithoutShowingIt() {
        // the autoscaling mistake stops serve before it connects anywhere; the warning came first
        assertThat(serve("--redis-url", "redis://:s3cret-pw@127.0.0.1:1", "--autoscale-min", "2")).isEqualTo(2);
        assertThat(err.toString()).doesNotContain("s3cret").contains("FLOTILLA_REDIS_URL", "--redis-password-file");
        assertThat(err.toString().lines().filter(l -> l.contains("warning"))).hasSize(1);
    }
}
