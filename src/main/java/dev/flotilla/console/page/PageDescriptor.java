package dev.flotilla.console.page;

import java.util.Objects;
import java.util.regex.Pattern;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * Who a page is: its id (nav button {@code nav-<id>}, badge {@code nav-badge-<id>}), the title on
 * its nav button, the keys that show it, and its style sheet (a classpath location, scoped by the
 * page's root id; null when it has none).
 */
public record PageDescriptor(String id, String title, KeyCombination shortcut, String styleSheet) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");
    private static final KeyCode[] DIGITS = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4,
            KeyCode.DIGIT5, KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};

    public PageDescriptor {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("a page id is lower case letters, digits and '-': '" + id + "'");
        Objects.requireNonNull(title, "title");
        if (title.isBlank()) throw new IllegalArgumentException("page " + id + " has a blank title");
        Objects.requireNonNull(shortcut, "shortcut");
    }

    /** A page shown with Shortcut+{@code digit} (Ctrl, or Cmd on a Mac), styled by {@code styleSheet}. */
    public static PageDescriptor of(String id, String title, int digit, String styleSheet) {
        return new PageDescriptor(id, title, digit(digit), styleSheet);
    }

    /** A page shown with Shortcut+Shift+{@code letter}: the digits are taken by the first nine pages. */
    public static PageDescriptor ofLetter(String id, String title, KeyCode letter, String styleSheet) {
        if (!letter.isLetterKey()) throw new IllegalArgumentException("page " + id + ": not a letter key: " + letter);
        return new PageDescriptor(id, title, new KeyCodeCombination(letter, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN), styleSheet);
    }

    /** Shortcut+{@code digit}, 1 to 9. */
    public static KeyCombination digit(int digit) {
        if (digit < 1 || digit > 9) throw new IllegalArgumentException("a page's digit is 1 to 9: " + digit);
        return new KeyCodeCombination(DIGITS[digit - 1], KeyCombination.SHORTCUT_DOWN);
    }
}
