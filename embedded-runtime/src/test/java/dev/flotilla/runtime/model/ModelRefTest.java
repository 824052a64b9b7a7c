package dev.flotilla.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelRefTest {

    @Test
    void aModelIsWrittenProviderSlashModel() {
        ModelRef ref = ModelRef.parse(" simulated/primary ");
        assertThat(ref.provider()).isEqualTo("simulated");
        assertThat(ref.model()).isEqualTo("primary");
        assertThat(ref).hasToString("simulated/primary");
        assertThat(ModelRef.parse("router/meta/llama-3.1:8b").model()).isEqualTo("meta/llama-3.1:8b");
    }

    @Test
    void badReferencesAreRefusedWithTheOffendingText() {
        assertThatThrownBy(() -> ModelRef.parse("primary")).hasMessageContaining("provider/model").hasMessageContaining("'primary'");
        assertThatThrownBy(() -> ModelRef.parse("/primary")).hasMessageContaining("'/primary'");
        assertThatThrownBy(() -> ModelRef.parse("simulated/")).hasMessageContaining("'simulated/'");
        assertThatThrownBy(() -> ModelRef.parse("Sim ulated/x")).hasMessageContaining("Sim ulated");
    }

    @Test
    void aChainListsModelsPrimaryFirstWithoutRepeats() {
        assertThat(ModelRef.parseChain("simulated/primary, simulated/fallback"))
                .containsExactly(ModelRef.parse("simulated/primary"), ModelRef.parse("simulated/fallback"));
        assertThatThrownBy(() -> ModelRef.parseChain("a/b,a/b")).hasMessageContaining("twice").hasMessageContaining("a/b");
        assertThatThrownBy(() -> ModelRef.parseChain(" , ")).hasMessageContaining("no models");
    }
}
