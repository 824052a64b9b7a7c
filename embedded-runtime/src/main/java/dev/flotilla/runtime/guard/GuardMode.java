package dev.flotilla.runtime.guard;

import java.util.Locale;

/**
 * What the guard does with a text it reads as an injection: nothing ({@code off}: not even read),
 * note it and go on ({@code flag}), or refuse it ({@code block}).
 */
public enum GuardMode {
    OFF, FLAG, BLOCK;

    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static GuardMode parse(String setting, String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + " is off, flag or block, not '" + value + "'");
        }
    }
}
