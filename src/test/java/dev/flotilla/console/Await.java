package dev.flotilla.console;

import dev.flotilla.console.fleet.FleetInfo;
import dev.flotilla.console.fleet.RunInfo;
import dev.flotilla.console.fleet.api.FleetClient;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.testfx.util.WaitForAsyncUtils;

/** Polls a real fleet until something holds, or fails at a deadline; never a fixed sleep. */
public final class Await {

    private Await() {}

    public static void until(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition);
    }

    /** The run once it has ended (succeeded, failed or cancelled). */
    public static RunInfo ended(FleetClient client, String runId) throws Exception {
        AtomicReference<RunInfo> last = new AtomicReference<>();
        try {
            until(20, () -> {
                last.set(client.runs().get(runId).get(5, TimeUnit.SECONDS));
                return !last.get().status().active();
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("run " + runId + " did not end; last seen: " + last.get(), e);
        }
        return last.get();
    }

    /** Node {@code nodeId} as the fleet view shows it once it matches {@code condition} (nodes act within a heartbeat). */
    public static FleetInfo.Node node(FleetClient client, String nodeId, Predicate<FleetInfo.Node> condition) throws Exception {
        AtomicReference<FleetInfo.Node> last = new AtomicReference<>();
        try {
            until(10, () -> {
                last.set(client.fleet().get().get(5, TimeUnit.SECONDS).node(nodeId).orElse(null));
                return last.get() != null && condition.test(last.get());
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("node " + nodeId + " never matched; last seen: " + last.get(), e);
        }
        return last.get();
    }

    /** Submits {@code input} to {@code agent} and waits for the run to end. */
    public static RunInfo run(FleetClient client, String agent, String input) throws Exception {
        return ended(client, client.runs().submit(agent, input, null).get(10, TimeUnit.SECONDS).runId());
    }
}
