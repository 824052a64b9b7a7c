package dev.flotilla.console;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Ctrl+C in the terminal (SIGINT) and SIGTERM end the console the way closing its window does:
 * sessions close, settings are saved, the local fleet drains, then the toolkit exits. Left to the
 * JVM's default, a signal shuts the JVM down under the running toolkit, which prints errors as it
 * loses its renderer. A second signal while that runs ends the process at once (the shutdown hook
 * still closes the local fleet).
 */
final class QuitSignals {

    private static final Logger log = LoggerFactory.getLogger(QuitSignals.class);
    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private QuitSignals() {}

    /** Handles SIGINT and SIGTERM from now on; {@code quit} is called once, on the signal's thread. */
    static void install(Runnable quit) {
        Handler handler = new Handler(quit, System::exit);
        for (String name : SIGNALS) {
            try {
                Signal.handle(new Signal(name), s -> handler.signalled(s.getNumber()));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                log.debug("cannot handle SIG{} here: {}", name, e.getMessage()); // a platform without it
            }
        }
    }

    /** What a signal does: the first asks for the orderly quit, a later one exits as a shell expects (128 + its number). */
    static final class Handler {
        private final Runnable quit;
        private final IntConsumer exit;
        private final AtomicBoolean asked = new AtomicBoolean();

        Handler(Runnable quit, IntConsumer exit) {
            this.quit = quit;
            this.exit = exit;
        }

        void signalled(int number) {
            if (asked.compareAndSet(false, true)) {
                log.info("quitting on signal {}", number);
                quit.run();
            } else {
                exit.accept(128 + number);
            }
        }
    }
}
