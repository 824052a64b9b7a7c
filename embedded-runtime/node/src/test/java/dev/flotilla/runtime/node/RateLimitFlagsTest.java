package dev.flotilla.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad rate-limit settings stop {@code serve} before it starts: one line naming the setting, exit 2. */
class RateLimitFlagsTest {

    @TempDir
    Path dir;

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of(List.of("--key-rate-per-min", "-1"), "--key-rate-per-min (FLOTILLA_KEY_RATE_PER_MIN) must be from 0"),
                Arguments.of(List.of("--key-burst", "5"), "set both or neither"),
                Arguments.of(List.of("--key-rate-per-min", "60", "--key-burst", "-2"), "--key-burst (FLOTILLA_KEY_BURST) must be from 0"),
                Arguments.of(List.of("--agent-rate-per-min", "2000000000"), "--agent-rate-per-min (FLOTILLA_AGENT_RATE_PER_MIN) must be from 0"),
                Arguments.of(List.of("--agent-burst", "3"), "--agent-burst (FLOTILLA_AGENT_BURST) is 3 but"),
                Arguments.of(List.of("--provider-limits", "simulated/primary=rpm:0"), "provider limit 'simulated/primary=rpm:0'"),
                Arguments.of(List.of("--provider-limits", "simulated=rpm:5"), "is not provider/model"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    @Timeout(30) // a setting wrongly accepted would start a node that serves forever
    void aBadSettingIsOneLineAndExitCode2(List<String> flags, String message) {
        List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--host", "127.0.0.1", "--data-dir", dir.toString()));
        args.addAll(flags);
        StringWriter err = new StringWriter();
        int code = NodeMain.commandLine().setErr(new PrintWriter(err, true)).execute(args.toArray(String[]::new));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("flotilla-node: ").contains(message).doesNotContain("\n");
    }
}
