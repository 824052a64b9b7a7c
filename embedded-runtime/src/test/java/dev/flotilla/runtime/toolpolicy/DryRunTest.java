package dev.flotilla.runtime.toolpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DryRunTest {

    private static String call(String run, String role, String tool, String args) {
        return "{\"run\":\"" + run + "\",\"role\":\"" + role + "\",\"tool\":\"" + tool + "\",\"args\":" + dev.flotilla.runtime.json.Json.write(args)
                + ",\"decision\":\"allowed\"}";
    }

    @Test
    void countsTheCallsADraftWouldRefuseAndAllowAmongTheNewestRuns() {
        List<String> recorded = new ArrayList<>(); // newest first
        for (int i = 0; i < 14; i++) recorded.add(call("r" + i, "user", "word_count", "{}"));
        recorded.add(call("r0", "user", "delete_files", "{}")); // a second call of run r0
        recorded.add(call("r14", "user", "clock", "{\"tz\": \"Mars\"}"));
        for (int i = 15; i < 40; i++) recorded.add(call("r" + i, "user", "clock", "{}"));
        PolicyVersion current = new PolicyVersion(3, ToolPolicy.parse("""
                {"roles": {"user": {"clock": {}, "word_count": {}}}}"""), "now", null, null, null);
        ToolPolicy draft = ToolPolicy.parse("""
                {"roles": {"user": {"clock": {"constraints": {"tz": {"values": ["UTC"]}}}, "delete_files": {}}}}""");

        DryRun.Result all = DryRun.replay(recorded, 1000, current, draft);
        assertThat(all.runs()).isEqualTo(40);
        assertThat(all.calls()).isEqualTo(41);
        assertThat(all.allowedToRefused()).isEqualTo(15); // 14 word counts, one clock in Mars
        assertThat(all.refusedToAllowed()).isEqualTo(1);
        assertThat(all.againstVersion()).isEqualTo(3);
        assertThat(all.changes()).hasSize(16);
        assertThat(all.changes().getFirst().reason()).isEqualTo("tool role user may not call word_count");

        DryRun.Result newest = DryRun.replay(recorded, 10, current, draft);
        assertThat(newest.runs()).isEqualTo(10);
        assertThat(newest.calls()).isEqualTo(11); // r0..r9, r0's second call included
        assertThat(newest.allowedToRefused()).isEqualTo(10);
        assertThat(newest.refusedToAllowed()).isEqualTo(1);
    }
}
