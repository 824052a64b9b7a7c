package dev.flotilla.runtime.telemetry;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's recent resilience events, kept in the store ({@link RecentEventLog}) for operators who open the panel later: one
 * capped list per type, so a flood of one kind (every run falling back) keeps the rare ones.
 */
public final class ResilienceHistory implements Consumer<RuntimeEvent> {

    private static final Logger log = LoggerFactory.getLogger(ResilienceHistory.class);
    public static final int PER_TYPE = 100;
    static final Set<String> TYPES = Set.of("model.retried", "model.fallback",
            "breaker.changed", "provider.throttled", "ratelimit.rejected", "run.reclaimed", "deadletter.added",
            "deadletter.replayed", "node.state", "pool.scaled");

    private final RecentEventLog store;

    public ResilienceHistory(RecentEventLog store) {
        this.store = store;
    }

    /** Keeps a resilience event (others are ignored); never throws, as an event listener must not. */
    @Override
    public void accept(RuntimeEvent e) {
        if (!TYPES.contains(e.type())) return;
        try {
            store.remember(e.type(), EventBus.toJson(e));
        } catch (RuntimeException ex) {
            log.debug("could not keep event {}: {}", e.type(), ex.getMessage());
        }
    }

    /** The kept events of every type as their JSON, newest first. */
    public List<String> recent() {
        // newest first across types: each event's JSON starts with its type and ISO time, so read the time
        List<String> all = new java.util.ArrayList<>(store.of(TYPES));
        all.sort(Comparator.comparing(ResilienceHistory::eventTime).reversed());
        return all;
    }

    private static Instant eventTime(String json) {
        int i = json.indexOf("\"time\":\"");
        int end = i < 0 ? -1 : json.indexOf('"', i + 8);
        try {
            return end < 0 ? Instant.EPOCH : Instant.parse(json.substring(i + 8, end));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
