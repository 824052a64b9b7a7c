package dev.flotilla.console.page;

import java.util.Objects;

/**
 * A small mark on a page's nav button: a count that wants the operator's eye, the words behind it
 * (the button's tooltip), and whether it is an alarm (red) or only news.
 */
public record NavBadge(String text, String tooltip, boolean alarm) {

    public static final NavBadge NONE = new NavBadge("", "", false);

    public NavBadge {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(tooltip, "tooltip");
    }

    public boolean shown() {
        return !text.isEmpty();
    }
}
