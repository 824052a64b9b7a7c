package dev.flotilla.console.shell;

import java.util.List;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * The window's own keyboard shortcuts, kept in one place so the accelerators and the tooltips that
 * mention them cannot drift apart; pages bring theirs in their descriptors. Shortcut means Ctrl, or
 * Cmd on a Mac; tooltips show whichever.
 */
public final class Shortcuts {

    public static final KeyCombination THEME = new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);

    /** Quits with the same orderly shutdown as closing the window. */
    public static final KeyCombination QUIT = new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN);
    /** The keys no page may take. */
    public static final List<KeyCombination> SHELL = List.of(THEME, QUIT);

    private Shortcuts() {}

    /** "Runs (Ctrl+3)": what a control does and the keys that do it too. */
    static String hint(String what, KeyCombination keys) {
        return what + " (" + keys.getDisplayText() + ")";
    }
}
