package dev.flotilla.runtime.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened to one run, in order: deliveries, model attempts, retries, waits and fallbacks.
 * Written by the node running it and kept with the run, so an operator sees one timeline even
 * when several nodes took part. Kinds: queued, started, reclaimed, attempt, retry, wait, fallback,
 * breaker_open, handed_back, succeeded, failed, dead_lettered, replayed.
 */
public final class RunTimeline {

    /** One step; {@code model} as {@code provider/model} where a model took part. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(Instant at, String kind, String model, String detail,
                        @JsonProperty("duration_ms") Long durationMs) {}

    private final List<Entry> entries = new ArrayList<>();
    /** Entries before this index are stored with the run already. */
    private int flushed;
    /** Held while entries are being stored, so two writers never store the same ones. */
    private final java.util.concurrent.locks.ReentrantLock flushing = new java.util.concurrent.locks.ReentrantLock();

    public synchronized void add(Instant at, String kind, String model, String detail, Long durationMs) {
        entries.add(new Entry(at, kind, model, detail, durationMs));
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
