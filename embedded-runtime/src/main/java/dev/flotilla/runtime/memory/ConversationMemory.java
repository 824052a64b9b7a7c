package dev.flotilla.runtime.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.runtime.model.ChatMessage;
import dev.flotilla.runtime.redis.Keys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Conversation memory per session: a Redis list of turns that expires {@code ttl} after the
 * session was last used. Redis's own expiry frees the memory; the clock check on read makes
 * expiry exact and testable with an injected clock.
 */
public final class ConversationMemory {

    /** One exchange of a session. */
    public record Turn(String user, String assistant, long atMillis) {}

    private final UnifiedJedis redis;
    private final Keys keys;
    private final Clock clock;
    private final Duration ttl;
    private final int maxTurns;
    private final ObjectMapper json = new ObjectMapper();

    public ConversationMemory(UnifiedJedis redis, Keys keys, Clock clock, Duration ttl, int maxTurns) {
        if (ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("session ttl must be positive: " + ttl);
        if (maxTurns < 1) throw new IllegalArgumentException("maxTurns < 1: " + maxTurns);
        this.redis = redis;
        this.keys = keys;
        this.clock = clock;
        this.ttl = ttl;
        this.maxTurns = maxTurns;
    }

    public Duration ttl() { return ttl; }

    /** The session's turns, oldest first; empty when the session is unknown or expired. */
    public List<Turn> turns(String sessionId) {
        List<String> raw = redis.lrange(keys.session(sessionId), 0, -1);
        List<Turn> turns = new ArrayList<>(raw.size());
        for (String s : raw) {
            try {
                turns.add(json.readValue(s, Turn.class));
            } catch (Exception e) {
                // a damaged turn is skipped rather than failing the run
            }
        }
        if (!turns.isEmpty() && turns.getLast().atMillis() + ttl.toMillis() <= clock.millis()) {
            redis.del(keys.session(sessionId));
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
    public dev.flotilla.runtime.run.RunStore.SessionTurn turn(String sessionId, String user, String assistant) {
        try {
            String turn = json.writeValueAsString(new Turn(user, assistant, clock.millis()));
            return new dev.flotilla.runtime.run.RunStore.SessionTurn(sessionId, turn, maxTurns, ttl);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void append(String sessionId, String user, String assistant) {
        String key = keys.session(sessionId);
        String turn;
        try {
            turn = json.writeValueAsString(new Turn(user, assistant, clock.millis()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        try (var tx = redis.multi()) {
            tx.rpush(key, turn);
            tx.ltrim(key, -maxTurns, -1);
            tx.pexpire(key, ttl.toMillis());
            tx.exec();
        }
    }
}
