package dev.flotilla.runtime.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.AuditEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The audit log's hash chain: how an entry is written (its fields, canonical JSON, and
 * {@code hash} = SHA-256 of the canonical JSON of every other field, {@code prev} included) and how
 * a chain is verified. Anyone can verify an export with this class alone (the node's
 * {@code audit verify FILE}); nothing here needs Redis.
 */
public final class AuditChain {

    /** The {@code prev} of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    /** The stored form of {@code entry} as the chain's entry {@code seq}, following the entry whose hash is {@code prev}. */
    public static ObjectNode link(AuditEntry entry, Instant time, long seq, String prev) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("seq", seq);
        n.put("time", time.toString());
        ObjectNode actor = n.putObject("actor");
        actor.put("key_id", entry.actor().keyId());
        actor.put("key_name", entry.actor().keyName());
        actor.put("role", entry.actor().role().name().toLowerCase());
        actor.put("tool_role", entry.actor().toolRole());
        if (entry.client() != null) actor.put("client", entry.client());
        n.put("action", entry.action());
        if (entry.target() != null) n.put("target", entry.target());
        n.put("outcome", entry.outcome());
        // through text and back, so the hash is over exactly what a reader of the JSON sees
        try {
            n.set("details", Json.MAPPER.readTree(Json.write(entry.details())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("audit details of " + entry.action() + " are not JSON: " + e.getMessage(), e);
        }
        n.put("prev", prev);
        n.put("hash", hash(n));
        return n;
    }

    /** The SHA-256 (hex) of the canonical JSON of {@code entry} without its {@code hash} field. */
    public static String hash(JsonNode entry) {
        ObjectNode copy = ((ObjectNode) entry).deepCopy();
        copy.remove("hash");
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical(copy).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }

    /** JSON with object fields sorted by name, no spaces: one text for one value, whoever writes it. */
    public static String canonical(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) out.append(',');
                out.append(JsonNodeFactory.instance.textNode(names.get(i)).toString()).append(':');
                write(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) out.append(',');
                write(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }

    /** The verdict on a chain: {@code verifiedThrough} the last good seq; {@code firstBroken} the first bad one (null when ok). */
    public record Verdict(boolean ok, long verifiedThrough, Long firstBroken, String problem, long entries) {}

    /** Verifies entries one by one, as they are read (a file, a Redis range), in constant memory. */
    public static final class Verifier {
        private long expectedSeq;
        private String prev;
        private long entries;
        private Long broken;
        private String problem;

        /** A verifier of a chain whose first entry is {@code firstSeq}, following {@code prev} ({@link #GENESIS} at the start). */
        public Verifier(long firstSeq, String prev) {
            this.expectedSeq = firstSeq;
            this.prev = prev;
        }

        public Verifier() {
            this(1, GENESIS);
        }

        /** Takes the next entry, one JSON line; false once the chain is broken (later entries are not looked at). */
        public boolean accept(String line) {
            if (broken != null) return false;
            entries++;
            JsonNode n;
            try {
                n = Json.MAPPER.readTree(line);
            } catch (Exception e) {
                return fail(expectedSeq, "entry #" + expectedSeq + " (line " + entries + ") is not JSON");
            }
            if (n == null || !n.isObject() || !n.path("seq").canConvertToLong()) return fail(expectedSeq, "entry #" + expectedSeq + " (line " + entries + ") has no seq");
            long seq = n.get("seq").asLong();
            if (seq != expectedSeq) {
                String what = seq > expectedSeq ? "missing (the next entry is #" + seq + ")"
                        : "out of place (entry #" + seq + " appears where #" + expectedSeq + " belongs: inserted or reordered)";
                return fail(Math.min(seq, expectedSeq), "entry #" + expectedSeq + " is " + what);
            }
            if (!hash(n).equals(n.path("hash").asText())) return fail(seq, "entry #" + seq + " was changed (its hash does not match its content)");
            if (!prev.equals(n.path("prev").asText())) {
                // this entry is intact but does not follow the one before: that one was rewritten (or this one put here)
                return fail(Math.max(1, seq - 1), "entry #" + seq + " does not follow #" + (seq - 1) + " (prev hash differs): #" + (seq - 1) + " was rewritten");
            }
            prev = n.get("hash").asText();
            expectedSeq = seq + 1;
            return true;
        }

        /** Checks the chain ended where its keeper says it ends ({@code lastSeq}, {@code lastHash}): entries removed at the end. */
        public void expectEnd(long lastSeq, String lastHash) {
            if (broken != null) return;
            if (expectedSeq - 1 < lastSeq) fail(expectedSeq, "entries #" + expectedSeq + " to #" + lastSeq + " are missing at the end");
            else if (expectedSeq - 1 > lastSeq) fail(lastSeq + 1, "entries after #" + lastSeq + " were appended outside the chain's keeper");
            else if (!prev.equals(lastHash)) fail(lastSeq, "entry #" + lastSeq + " is not the one the chain ended with");
        }

        private boolean fail(long seq, String why) {
            broken = seq;
            problem = why;
            return false;
        }

        public Verdict verdict() {
            return broken == null ? new Verdict(true, expectedSeq - 1, null, null, entries)
                    : new Verdict(false, broken - 1, broken, problem, entries);
        }
    }

    /** Verifies a whole export (JSON Lines; blank lines ignored) from the chain's start. */
    public static Verdict verify(Iterator<String> lines) {
        Verifier v = new Verifier();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isBlank()) continue;
            if (!v.accept(line)) break;
        }
        return v.verdict();
    }
}
