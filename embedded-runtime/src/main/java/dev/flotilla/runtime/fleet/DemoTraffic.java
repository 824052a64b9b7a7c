package dev.flotilla.runtime.fleet;

import dev.flotilla.runtime.run.RunRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A steady trickle of runs to the simulated model so dashboards move on first launch. It backs off
 * while the queue holds more than a few runs, so it never floods a fleet.
 */
public final class DemoTraffic implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);
    private static final List<String> PROMPTS = List.of(
            "Summarise yesterday's deployment notes in three bullets.",
            "What time is it in UTC?",
            "Draft a polite reply declining the meeting.",
            "Count the words in: the quick brown fox jumps over the lazy dog",
            "Classify this ticket: login page returns 502 after password reset.",
            "Suggest a name for a fleet of tugboats.",
            "Translate 'good morning' into French and German.",
            "List three risks of running agents without budgets.");

    private final String agent;
    private final Duration meanInterval;
    private final Consumer<RunRequest> submit;
    private final LongSupplier queueDepth;
    private volatile boolean enabled;
    private volatile boolean closed;
    private Thread thread;

    public DemoTraffic(String agent, Duration meanInterval, Consumer<RunRequest> submit, LongSupplier queueDepth, boolean enabled) {
        this.agent = agent;
        this.meanInterval = meanInterval;
        this.submit = submit;
        this.queueDepth = queueDepth;
        this.enabled = enabled;
    }

    public boolean enabled() { return enabled; }

    public void setEnabled(boolean on) { enabled = on; }

    public void start() {
        thread = Thread.ofVirtual().name("demo-traffic").start(() -> {
            var rnd = ThreadLocalRandom.current();
            int n = 0;
            while (!closed) {
                try {
                    long mean = meanInterval.toMillis();
                    Thread.sleep(mean / 2 + rnd.nextLong(mean + 1));
                    if (!enabled || queueDepth.getAsLong() > 8) continue;
                    String session = "demo-" + (n++ % 5);
                    submit.accept(new RunRequest(agent, PROMPTS.get(rnd.nextInt(PROMPTS.size())), session, null,
                            Map.of("source", "demo")));
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.debug("demo run not submitted: {}", e.getMessage());
                }
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) thread.interrupt();
    }
}
