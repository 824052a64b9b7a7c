package dev.flotilla.runtime.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.store.RunRecords;
import dev.flotilla.runtime.store.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Conversation memory per session: the session's turns, kept in the store, expiring {@code ttl}
 * after the session was last used. The store's expiry frees the memory; the clock check on read
 * makes expiry exact and testable with an injected clock.
 */
public final class ConversationMemory {

    /** One exchange of a session. */
    public record Turn(String user, String assistant, long atMillis) {}

    private static final ObjectMapper JSON = Json.MAPPER;

    private final SessionStore sessions;
    private final Clock clock;
    private final Duration ttl;
    private final int maxTurns;

    public ConversationMemory(SessionStore sessions, Clock clock, Duration ttl, int maxTurns) {
        if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("session ttl must be positive: " + ttl);
        if (maxTurns < 1) throw new IllegalArgumentException("maxTurns < 1: " + maxTurns);
        this.sessions = sessions;
        this.clock = clock;
        this.ttl = ttl;
        this.maxTurns = maxTurns;
    }

    public Duration ttl() { return ttl; }

    /** The session's turns, oldest first; empty when the session is unknown or expired. */
    public List<Turn> turns(String sessionId) {
        List<String> raw = sessions.turns(sessionId);
        List<Turn> turns = new ArrayList<>(raw.size());
        for (String s : raw) {
            try {
                turns.add(JSON.readValue(s, Turn.class));
            } catch (Exception e) {
                // a damaged turn is skipped rather than failing the run
            }
        }
        if (!turns.isEmpty() && turns.getLast().atMillis() + ttl.toMillis() <= clock.millis()) {
            sessions.forget(sessionId);
            return List.of();
        }
        return turns;
    }

    /** The session's turns as chat messages, for a model's context. */
    public List<ChatMessage> history(String sessionId) {
        List<ChatMessage> out = new ArrayList<>();
        for (Turn t : turns(sessionId)) {
            out.add(ChatMessage.user(t.user()));
            out.add(ChatMessage.assistant(t.assistant()));
        }
        return out;
    }

    /** A turn to store together with its run's outcome (so it is written once, by the run's lease holder). */
    public RunRecords.SessionTurn turn(String sessionId, String user, String assistant) {
        return new RunRecords.SessionTurn(sessionId, Json.write(new Turn(user, assistant, clock.millis())), maxTurns, ttl);
    }

    public void append(String sessionId, String user, String assistant) {
        sessions.append(sessionId, Json.write(new Turn(user, assistant, clock.millis())), maxTurns, ttl);
    }
}
