package dev.flotilla.runtime.toolpolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ToolPolicyTest {

    private static final ToolPolicy POLICY = ToolPolicy.parse("""
            {"roles": {
              "user": {"clock": {"constraints": {"tz": {"values": ["UTC", "CET"]}}},
                       "word_count": {"constraints": {"path": {"pattern": "/tmp/[a-z]+"}, "limit": {"max": 10}}},
                       "deploy": {"approval": true}},
              "superadmin": {"*": {}, "clock": {"constraints": {"tz": {"values": ["UTC"]}}}}
            }}""");

    @Test
    void theDefaultsMapTheSeedsPermissionsOntoTheNodesTools() {
        ToolPolicy d = ToolPolicy.defaults();
        assertThat(d.decide("user", "clock", "{}").isAllowed()).isTrue();
        assertThat(d.decide("user", "word_count", "{}").isAllowed()).isTrue();
        assertThat(d.decide("user", "execute_command", "{}").reason()).isEqualTo("tool role user may not call execute_command");
        assertThat(d.decide("admin", "execute_command", "{}").isAllowed()).isTrue();
        assertThat(d.decide("superadmin", "anything_at_all", "{}").isAllowed()).isTrue();
    }

    @Test
    void aCallBreakingAConstraintIsRefusedWithTheReason() {
        assertThat(POLICY.decide("user", "clock", "{\"tz\": \"UTC\"}").isAllowed()).isTrue();
        assertThat(POLICY.decide("user", "clock", "{}").isAllowed()).isTrue(); // left out: the tool's default
        assertThat(POLICY.decide("user", "clock", "{\"tz\": \"Mars\"}").reason())
                .isEqualTo("argument 'tz' = \"Mars\" is not one of [UTC, CET] (grant of clock to user)");
        assertThat(POLICY.decide("user", "word_count", "{\"path\": \"/tmp/notes\", \"limit\": 10}").isAllowed()).isTrue();
        assertThat(POLICY.decide("user", "word_count", "{\"path\": \"/etc/passwd\"}").reason()).contains("does not match /");
        assertThat(POLICY.decide("user", "word_count", "{\"limit\": 11}").reason()).contains("is above the maximum 10");
        assertThat(POLICY.decide("user", "word_count", "{\"limit\": \"11\"}").verdict()).isEqualTo(Decision.Verdict.REFUSED);
        assertThat(POLICY.decide("user", "word_count", "not json").verdict()).isEqualTo(Decision.Verdict.REFUSED);
        assertThat(POLICY.decide("user", "word_count", "[1]").verdict()).isEqualTo(Decision.Verdict.REFUSED);
    }

    @Test
    void aGrantByNameWinsOverStarAndARoleNotInThePolicyMayCallNothing() {
        assertThat(POLICY.decide("superadmin", "clock", "{\"tz\": \"CET\"}").verdict()).isEqualTo(Decision.Verdict.REFUSED);
        assertThat(POLICY.decide("superadmin", "rm", "{\"tz\": \"CET\"}").isAllowed()).isTrue();
        assertThat(POLICY.decide("ops", "clock", "{}").reason()).isEqualTo("tool role 'ops' is not in the tool policy");
        assertThat(POLICY.decide("user", "deploy", "{}").verdict()).isEqualTo(Decision.Verdict.NEEDS_APPROVAL);
    }

    @Test
    void onlyGrantedToolsAreOfferedInTheAgentsOrder() {
        assertThat(POLICY.offered("user", List.of("rm", "word_count", "clock"))).containsExactly("word_count", "clock");
        assertThat(POLICY.offered("superadmin", List.of("rm", "clock"))).containsExactly("rm", "clock");
        assertThat(POLICY.offered("ops", List.of("clock"))).isEmpty();
        List<String> all = List.of("clock", "word_count");
        assertThat(POLICY.offered("user", all)).isSameAs(all); // nothing narrowed: nothing allocated
    }

    @Test
    void aMalformedPolicyIsRefusedNamingWhereTheProblemIs() {
        assertThatThrownBy(() -> ToolPolicy.parse("{\"roles\": {\"user\": {\"clock\": {\"constraints\": {\"tz\": {\"pattern\": \"([a-z\"}}}}}}"))
                .hasMessageStartingWith("roles.user.clock.constraints.tz.pattern is not a valid regular expression");
        assertThatThrownBy(() -> ToolPolicy.parse("{\"roles\": {\"user\": {\"clock\": {\"constraints\": {\"n\": {\"max\": \"ten\"}}}}}}"))
                .hasMessage("roles.user.clock.constraints.n.max must be a number, not \"ten\"");
        assertThatThrownBy(() -> ToolPolicy.parse("{\"roles\": {\"user\": {\"clock\": {\"constraints\": {\"n\": {\"maximum\": 3}}}}}}"))
                .hasMessageContaining("unknown field 'maximum'");
        assertThatThrownBy(() -> ToolPolicy.parse("{\"roles\": {\"User Role\": {}}}")).hasMessageContaining("'User Role' is not a valid name");
        assertThatThrownBy(() -> ToolPolicy.parse("{\"roles\": {\"user\": {\"a b\": {}}}}")).hasMessageContaining("neither * nor a tool name");
        assertThatThrownBy(() -> ToolPolicy.parse("{\"roles\": {}}")).hasMessageContaining("at least one tool role");
        assertThatThrownBy(() -> ToolPolicy.parse("{\"roles\": {\"user\": {\"clock\": {\"approval\": \"yes\"}}}}"))
                .hasMessageContaining("approval must be true or false");
        assertThatThrownBy(() -> ToolPolicy.parse("{")).hasMessageStartingWith("policy is not valid JSON");
    }

    @Test
    void aPolicySurvivesItsJsonAndTheDiffNamesEachChangedGrant() {
        assertThat(ToolPolicy.parse(POLICY.toString())).isEqualTo(POLICY);
        ToolPolicy next = ToolPolicy.parse("""
                {"roles": {
                  "user": {"clock": {"constraints": {"tz": {"values": ["UTC"]}}},
                           "word_count": {"constraints": {"path": {"pattern": "/tmp/[a-z]+"}, "limit": {"max": 10}}}},
                  "superadmin": {"*": {}, "clock": {"constraints": {"tz": {"values": ["UTC"]}}}},
                  "admin": {"clock": {}}
                }}""");
        var diff = PolicyDiff.between(POLICY, next);
        assertThat(diff).extracting(c -> c.role() + "/" + c.tool() + ":" + c.change())
                .containsExactly("user/clock:changed", "user/deploy:removed", "admin/clock:added");
    }
}
