package dev.flotilla.runtime.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.runtime.json.Json;
import dev.flotilla.runtime.kernel.AuditEntry;
import dev.flotilla.runtime.kernel.OperatorRole;
import dev.flotilla.runtime.kernel.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind of change to the chain is found and named by the sequence number of the first broken entry. */
class AuditChainTest {

    private static final Principal ALICE = new Principal("key_a", "alice", OperatorRole.ADMIN, "superadmin");

    static List<String> chain(int n) {
        List<String> lines = new ArrayList<>();
        String prev = AuditChain.GENESIS;
        for (int i = 1; i <= n; i++) {
            AuditEntry e = new AuditEntry("key.created", "key_" + i, "ok", ALICE, "10.0.0." + i,
                    Map.of("after", Map.of("role", "viewer", "n", i, "ratio", 0.5)));
            ObjectNode linked = AuditChain.link(e, Instant.parse("2026-12-03T10:00:00Z").plusSeconds(i), i, prev);
            prev = linked.get("hash").asText();
            lines.add(Json.write(linked));
        }
        return lines;
    }

    static AuditChain.Verdict verify(List<String> lines) {
        return AuditChain.verify(lines.iterator());
    }

    @Test
    void anIntactChainVerifiesThroughItsLastEntry() {
        AuditChain.Verdict v = verify(chain(6));
        assertThat(v.ok()).isTrue();
        assertThat(v.verifiedThrough()).isEqualTo(6);
        assertThat(v.firstBroken()).isNull();
        assertThat(verify(List.of()).verifiedThrough()).isZero();
    }

    @Test
    void aChangedEntryIsNamed() throws Exception {
        List<String> lines = chain(6);
        lines.set(2, lines.get(2).replace("\"outcome\":\"ok\"", "\"outcome\":\"denied\""));
        assertBrokenAt(lines, 3);
    }

    @Test
    void aChangedEntryWhoseHashWasRecomputedIsNamedByTheNextLink() throws Exception {
        List<String> lines = chain(6);
        ObjectNode third = (ObjectNode) Json.MAPPER.readTree(lines.get(2));
        third.put("target", "key_forged");
        third.put("hash", AuditChain.hash(third));
        lines.set(2, Json.write(third));
        assertBrokenAt(lines, 3);
    }

    @Test
    void aRemovedEntryIsNamed() {
        List<String> lines = chain(6);
        lines.remove(3);
        assertBrokenAt(lines, 4);
        List<String> headless = chain(6);
        headless.remove(0);
        assertBrokenAt(headless, 1);
    }

    @Test
    void anInsertedEntryIsNamedEvenWithAValidLookingHash() throws Exception {
        List<String> lines = chain(6);
        ObjectNode second = (ObjectNode) Json.MAPPER.readTree(lines.get(1));
        AuditEntry forged = new AuditEntry("key.revoked", "key_x", "ok", ALICE, null, Map.of());
        ObjectNode linked = AuditChain.link(forged, Instant.parse("2026-12-03T10:00:02.5Z"), 3, second.get("hash").asText());
        lines.add(2, Json.write(linked));
        assertBrokenAt(lines, 3);
    }

    @Test
    void reorderedEntriesAreNamed() {
        List<String> lines = chain(6);
        Collections.swap(lines, 3, 4);
        assertBrokenAt(lines, 4);
    }

    @Test
    void entriesRemovedAtTheEndAreFoundAgainstTheChainsRecordedEnd() throws Exception {
        List<String> lines = chain(6);
        String lastHash = Json.MAPPER.readTree(lines.get(5)).get("hash").asText();
        AuditChain.Verifier v = new AuditChain.Verifier();
        lines.subList(0, 4).forEach(v::accept);
        v.expectEnd(6, lastHash);
        assertThat(v.verdict().firstBroken()).isEqualTo(5);
        assertThat(v.verdict().verifiedThrough()).isEqualTo(4);
    }

    @Test
    void aLineThatIsNotJsonIsNamedByTheSeqItShouldHold() {
        List<String> lines = chain(4);
        lines.set(1, "{not json");
        assertBrokenAt(lines, 2);
    }

    private static void assertBrokenAt(List<String> lines, long seq) {
        AuditChain.Verdict v = verify(lines);
        assertThat(v.ok()).as(v.problem()).isFalse();
        assertThat(v.firstBroken()).as(v.problem()).isEqualTo(seq);
        assertThat(v.verifiedThrough()).isEqualTo(seq - 1);
        assertThat(v.problem()).contains("#");
    }
}
