package dev.flotilla.console.page;

import java.util.Objects;

/**
 * Something a page wants the operator to know even when the page is not on screen: a breaker that
 * opened, a run that went to the dead letters, an action that failed. The shell shows it as a
 * notification titled with the page's name; the page itself shows it in place.
 */
public record Notice(Level level, String text) {

    public enum Level { INFO, WARNING, ERROR }

    public Notice {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(text, "text");
    }

    public static Notice warning(String text) {
        return new Notice(Level.WARNING, text);
    }

    public static Notice error(String text) {
        return new Notice(Level.ERROR, text);
    }
}
