package dev.flotilla.runtime.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrincipalTest {

    @Test
    void eachOperatorRoleAllowsItsOwnAndTheLowerOnes() {
        assertThat(OperatorRole.ADMIN.allows(OperatorRole.VIEWER)).isTrue();
        assertThat(OperatorRole.ADMIN.allows(OperatorRole.ADMIN)).isTrue();
        assertThat(OperatorRole.OPERATOR.allows(OperatorRole.VIEWER)).isTrue();
        assertThat(OperatorRole.OPERATOR.allows(OperatorRole.ADMIN)).isFalse();
        assertThat(OperatorRole.VIEWER.allows(OperatorRole.OPERATOR)).isFalse();
    }

    @Test
    void theAdminAndTheSystemAreWhoTheRuntimeSaysTheyAre() {
        assertThat(Principal.admin("ab12")).isEqualTo(new Principal("ab12", "admin", OperatorRole.ADMIN, "superadmin"));
        assertThat(Principal.system("demo traffic")).isEqualTo(new Principal("system", "demo traffic", OperatorRole.OPERATOR, "user"));
    }

    @Test
    void aPrincipalWithAMissingPartIsRefusedNamingIt() {
        assertThatThrownBy(() -> new Principal(null, "n", OperatorRole.VIEWER, "user")).hasMessageContaining("keyId");
        assertThatThrownBy(() -> new Principal("k", null, OperatorRole.VIEWER, "user")).hasMessageContaining("keyName");
        assertThatThrownBy(() -> new Principal("k", "n", null, "user")).hasMessageContaining("role");
        assertThatThrownBy(() -> new Principal("k", "n", OperatorRole.VIEWER, null)).hasMessageContaining("toolRole");
    }
}
