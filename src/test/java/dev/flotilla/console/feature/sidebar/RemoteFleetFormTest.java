package dev.flotilla.console.feature.sidebar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemoteFleetFormTest {

    @Test
    void anHttpOrHttpsUrlAndAKeyAreEnough() {
        assertThat(new RemoteFleetForm("", "https://fleet.example:8443/", "k-123").problem()).isEmpty();
        assertThat(new RemoteFleetForm(null, "http://10.0.0.5:8080", "k").problem()).isEmpty();
    }

    @Test
    void otherSchemesAndEmptyValuesAreRefusedWithAReason() {
        assertThat(new RemoteFleetForm("", "ftp://fleet", "k").problem()).contains("The URL must start with http:// or https://.");
        assertThat(new RemoteFleetForm("", "fleet.example:8080", "k").problem()).hasValueSatisfying(p -> assertThat(p).contains("http://"));
        assertThat(new RemoteFleetForm("", "  ", "k").problem()).hasValueSatisfying(p -> assertThat(p).contains("Enter the node's URL"));
        assertThat(new RemoteFleetForm("", "http://fleet:1", " ").problem()).contains("Enter the fleet's API key.");
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutRepeatingIt() {
        assertThat(new RemoteFleetForm("", "https://admin:s3cret-pass@fleet.example", "k").problem())
                .hasValueSatisfying(p -> assertThat(p).contains("API key goes in its own field").doesNotContain("s3cret-pass"));
    }

    @Test
    void theNameDefaultsToHostAndPortAndTheUrlLosesItsTrailingSlash() {
        RemoteFleetForm f = new RemoteFleetForm(" ", "http://fleet.example:8080/", "k");
        assertThat(f.displayName()).isEqualTo("fleet.example:8080");
        assertThat(f.normalizedUrl()).isEqualTo("http://fleet.example:8080");
    }

    @Test
    void aKeyAboutToCrossTheNetworkInClearIsWarnedAboutButNotOnLoopbackOrHttps() {
        assertThat(new RemoteFleetForm("", "http://fleet.example:8080", "k").plainTextWarning())
                .hasValueSatisfying(w -> assertThat(w).contains("plain http://").contains("fleet.example").contains("https://"));
        assertThat(new RemoteFleetForm("", "http://10.0.0.7:8080", "k").plainTextWarning()).isPresent();
        assertThat(new RemoteFleetForm("", "https://fleet.example:8443", "k").plainTextWarning()).isEmpty();
        assertThat(new RemoteFleetForm("", "http://127.0.0.1:8080", "k").plainTextWarning()).isEmpty();
        assertThat(new RemoteFleetForm("", "http://localhost:8080", "k").plainTextWarning()).isEmpty();
        assertThat(new RemoteFleetForm("", "http://[::1]:8080", "k").plainTextWarning()).isEmpty();
    }
}
