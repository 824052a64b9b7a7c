package dev.flotilla.runtime.agent;

import dev.flotilla.runtime.model.ChatOptions;
import dev.flotilla.runtime.telemetry.RuntimeEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A run's streamed answer as {@code run.delta} events, coalesced: the first piece goes out at
 * once (the operator sees the answer start), later pieces wait until {@code every} has passed since
 * the last event, so a run publishes a few events a second however many tokens the model sends.
 * {@link #flush()} sends what is left when the call ends. A piece that does not continue the
 * pending text (a retried call starting again at 0) sends the pending text first.
 */
final class StreamedOutput implements ChatOptions.OutputListener {

    private final Consumer<RuntimeEvent> publish;
    private final String nodeId;
    private final String runId;
    private final String agent;
    private final Clock clock;
    private final long everyMillis;
    private final StringBuilder pending = new StringBuilder();
    private int pendingOffset;
    private long lastSent = Long.MIN_VALUE;

    StreamedOutput(Consumer<RuntimeEvent> publish, String nodeId, String runId, String agent, Clock clock, Duration every) {
        this.publish = publish;
        this.nodeId = nodeId;
        this.runId = runId;
        this.agent = agent;
        this.clock = clock;
        this.everyMillis = every.toMillis();
    }

    @Override
    public synchronized void onOutput(int offset, String chunk) {
        if (chunk == null || chunk.isEmpty()) return;
        if (!pending.isEmpty() && offset != pendingOffset + pending.length()) send();
        if (pending.isEmpty()) pendingOffset = offset;
        pending.append(chunk);
        long now = clock.millis();
        if (lastSent == Long.MIN_VALUE || now - lastSent >= everyMillis) send();
    }

    /** Sends what is pending; called when a model call ends, whatever its outcome. */
    synchronized void flush() {
        if (!pending.isEmpty()) send();
    }

    private void send() {
        publish.accept(new RuntimeEvent.RunDelta(clock.instant(), nodeId, runId, agent, pendingOffset, pending.toString()));
        pendingOffset += pending.length();
        pending.setLength(0);
        lastSent = clock.millis();
    }
}
