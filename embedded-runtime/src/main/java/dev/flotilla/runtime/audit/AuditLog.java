package dev.flotilla.runtime.audit;

import dev.flotilla.runtime.kernel.FleetScript;
import java.util.ArrayList;
import java.util.List;

/** Reads the fleet's audit chain from Redis, a slice at a time, with the chain's end as of that read. */
final class AuditLog {

    /** One read: the chain's end (last seq and its hash), its first seq in Redis, and the entries asked for (JSON), oldest first. */
    record Slice(long lastSeq, String lastHash, long firstSeq, List<String> entries) {}

    private final FleetScript read;
    private final List<String> keys;

    AuditLog(FleetScript read, List<String> keys) {
        this.read = read;
        this.keys = List.copyOf(keys);
    }

    /** Entries {@code from} to {@code to} (seqs, inclusive; clamped to what exists). */
    Slice range(long from, long to) {
        List<?> reply = (List<?>) read.run(keys, List.of("0", "-1"));
        long first = Long.parseLong(String.valueOf(reply.get(2)));
        List<?> r = (List<?>) read.run(keys, List.of(Long.toString(Math.max(0, from - first)), Long.toString(to - first)));
        return slice(r);
    }

    /** The chain's end only. */
    Slice end() {
        return slice((List<?>) read.run(keys, List.of("0", "-1")));
    }

    private static Slice slice(List<?> r) {
        List<String> entries = new ArrayList<>(Math.max(0, r.size() - 3));
        for (int i = 3; i < r.size(); i++) entries.add(String.valueOf(r.get(i)));
        return new Slice(Long.parseLong(String.valueOf(r.get(0))), String.valueOf(r.get(1)), Long.parseLong(String.valueOf(r.get(2))), entries);
    }
}
