package dev.flotilla.console.shell;

import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * The window's keyboard shortcuts, kept in one place so the accelerators and the tooltips that
 * mention them cannot drift apart. Shortcut means Ctrl, or Cmd on a Mac; tooltips show whichever.
 */
final class Shortcuts {

    private static final KeyCode[] DIGITS = {KeyCode.DIGIT1, KeyCode.DIGIT2, KeyCode.DIGIT3, KeyCode.DIGIT4,
            KeyCode.DIGIT5, KeyCode.DIGIT6, KeyCode.DIGIT7, KeyCode.DIGIT8, KeyCode.DIGIT9};

    static final KeyCombination NEW_RUN = new KeyCodeCombination(KeyCode.N, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination THEME = new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    static final KeyCombination QUIT = new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN);

    private Shortcuts() {}

    /** Shortcut+1 for the first page, Shortcut+2 for the second, … */
    static KeyCombination page(Page p) {
        return new KeyCodeCombination(DIGITS[p.ordinal()], KeyCombination.SHORTCUT_DOWN);
    }

    /** "Runs (Ctrl+3)": what a control does and the keys that do it too. */
    static String hint(String what, KeyCombination keys) {
        return what + " (" + keys.getDisplayText() + ")";
    }
}
