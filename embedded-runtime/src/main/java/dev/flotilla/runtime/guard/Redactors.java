package dev.flotilla.runtime.guard;

import java.util.Optional;

/** The redactor each agent's setting asks for: none, secrets, or secrets and personal data. */
final class Redactors {

    private final GuardConfig.PerAgent<Redaction> settings;
    private final SecretRedactor secrets = SecretRedactor.secrets();
    private final SecretRedactor pii = secrets.withPii();

    Redactors(GuardConfig.PerAgent<Redaction> settings) {
        this.settings = settings;
    }

    Optional<SecretRedactor> of(String agent) {
        return switch (settings.of(agent)) {
            case OFF -> Optional.empty();
            case SECRETS -> Optional.of(secrets);
            case PII -> Optional.of(pii);
        };
    }
}
