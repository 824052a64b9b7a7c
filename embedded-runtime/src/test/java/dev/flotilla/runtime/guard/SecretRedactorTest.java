package dev.flotilla.runtime.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Each kind of secret is redacted, what surrounds it is kept, and ordinary text is left alone. */
class SecretRedactorTest {

    private static final SecretRedactor SECRETS = SecretRedactor.secrets();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "openai_key|key: sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
            "anthropic_key|use sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv_wxyz0123",
            "aws_access_key|AKIAIOSFODNN7EXAMPLE is the id",
            "aws_secret_key|aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "github_token|token ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
            "github_token|github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
            "slack_token|xoxb-123456789012-1234567890123-AbCdEfGhIjKl",
            "google_api_key|AIzaSyA-1234567890abcdefghijklmnopqrstu",
            "stripe_key|sk_live_4eC39HqLyjWDarjtT1zdp7dc",
            "flotilla_key|flt_0123456789abcdef0123456789abcdef",
            "jwt|eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "bearer_token|Authorization: Bearer abcdef0123456789ABCDEF.ghij",
            "password|password=hunter2hunter2",
            "password|\"api_key\": \"9f8e7d6c5b4a39281706\""})
    void eachKindOfSecretIsRedacted(String kind, String text) {
        SecretRedactor.Redacted r = SECRETS.redact("before " + text + " after");
        assertThat(r.kinds()).contains(kind);
        assertThat(r.text()).contains("[REDACTED:" + kind + "]").startsWith("before ").endsWith(" after");
    }

    @Test
    void aPrivateKeyBlockIsRedactedWhole() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nabc\n-----END RSA PRIVATE KEY-----";
        SecretRedactor.Redacted r = SECRETS.redact("here it is:\n" + pem + "\ndone");
        assertThat(r.text()).isEqualTo("here it is:\n[REDACTED:private_key]\ndone");
    }

    @Test
    void theNameOfAnAssignedSecretIsKeptAndOnlyItsValueGoes() {
        assertThat(SECRETS.redact("password: correct-horse-battery").text()).isEqualTo("password: [REDACTED:password]");
        assertThat(SECRETS.redact("Authorization: Bearer abcdef0123456789ABCDEF").text()).isEqualTo("Authorization: Bearer [REDACTED:bearer_token]");
    }

    @Test
    void ordinaryTextIsLeftAsItIs() {
        String text = "The task-runner skipped 3 steps; see https://example.org/a?b=c and ask Anna (sk-8 is a ski class).";
        SecretRedactor.Redacted r = SECRETS.withPii().redact(text);
        assertThat(r.changed()).isFalse();
        assertThat(r.text()).isSameAs(text);
    }

    @Test
    void personalDataIsRedactedOnlyWhenAsked() {
        String text = "Mail anna.schmidt@example.com, call +49 30 1234 5678, card 4111 1111 1111 1111, order 1234 5678 9012 3456";
        assertThat(SECRETS.redact(text).changed()).isFalse();
        SecretRedactor.Redacted r = SECRETS.withPii().redact(text);
        assertThat(r.text()).contains("[REDACTED:email]", "[REDACTED:card_number]", "[REDACTED:phone]")
                .doesNotContain("anna.schmidt", "4111 1111");
        // 1234 5678 9012 3456 fails the Luhn check: not a card number
        assertThat(r.text()).doesNotContain("order [REDACTED:card_number]");
        assertThat(SecretRedactor.luhn("4111 1111 1111 1111")).isTrue();
        assertThat(SecretRedactor.luhn("1234 5678 9012 3456")).isFalse();
    }
}
