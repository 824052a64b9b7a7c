package dev.flotilla.runtime.guard;

import java.util.Locale;

/** What is redacted from a run's output and its tool results: nothing, secrets, or secrets and personal data. */
public enum Redaction {
    OFF, SECRETS, PII;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static Redaction parse(String setting, String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is off, secrets or pii, not '" + value + "'");
        }
    }
}
