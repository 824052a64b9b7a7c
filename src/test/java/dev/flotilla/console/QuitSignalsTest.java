package dev.flotilla.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What SIGINT and SIGTERM do to the console: the orderly quit once, and a second signal ends it at once. */
class QuitSignalsTest {

    @Test
    void theFirstSignalQuitsInOrderAndASecondOneExitsAsAShellExpects() {
        AtomicInteger quits = new AtomicInteger();
        List<Integer> exits = new ArrayList<>();
        QuitSignals.Handler handler = new QuitSignals.Handler(quits::incrementAndGet, exits::add);

        handler.signalled(15); // SIGTERM
        assertThat(quits).hasValue(1);
        assertThat(exits).isEmpty();

        handler.signalled(2); // Ctrl+C while it drains: the operator means it
        assertThat(quits).hasValue(1);
        assertThat(exits).containsExactly(130);
    }
}
