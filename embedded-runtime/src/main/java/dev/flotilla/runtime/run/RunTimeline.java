package dev.flotilla.runtime.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flotilla.runtime.kernel.Timeline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened to one run, in order: deliveries, model attempts, retries, waits, fallbacks and
 * tool calls. Written by the node running it and kept with the run, so an operator sees one
 * timeline even when several nodes took part. Kinds: queued, started, reclaimed, attempt, retry,
 * wait, fallback, breaker_open, tool, handed_back, succeeded, failed, dead_lettered, replayed.
 */
public final class RunTimeline implements Timeline {

    /**
     * One step; {@code model} as {@code provider/model} where a model took part; {@code tool} and
     * {@code outcome} ({@code ok}, {@code error}, {@code refused}) for a {@code tool} step.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(Instant at, String kind, String model, String detail,
                        @JsonProperty("duration_ms") Long durationMs, String tool, String outcome) {

        /** A step that is not a tool call. */
        public Entry(Instant at, String kind, String model, String detail, Long durationMs) {
            this(at, kind, model, detail, durationMs, null, null);
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    /** Entries before this index are stored with the run already. */
    private int flushed;
    /** Held while entries are being stored, so two writers never store the same ones. */
    private final java.util.concurrent.locks.ReentrantLock flushing = new java.util.concurrent.locks.ReentrantLock();

    @Override
    public synchronized void add(Instant at, String kind, String model, String detail, Long durationMs) {
        entries.add(new Entry(at, kind, model, detail, durationMs));
    }

    @Override
    public synchronized void tool(Instant at, String tool, String outcome, String detail, long durationMs) {
        entries.add(new Entry(at, "tool", null, detail, durationMs, tool, outcome));
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The entries not yet stored with the run; call with {@link #flushLock()} held. */
    public synchronized List<Entry> unflushed() {
        return List.copyOf(entries.subList(flushed, entries.size()));
    }

    /** The first {@code count} entries of the last {@link #unflushed()} are stored now. */
    public synchronized void flushed(int count) {
        flushed = Math.min(entries.size(), flushed + count);
    }

    public java.util.concurrent.locks.ReentrantLock flushLock() {
        return flushing;
    }
}
