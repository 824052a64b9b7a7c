package dev.flotilla.console.fx;

import javafx.scene.TraversalDirection;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * Tab leaves a text area instead of typing a tab character. Prompts and run outputs are prose, not
 * code, and a keyboard user who tabs into one must be able to tab out again.
 */
public final class TabTraversal {

    private TabTraversal() {}

    public static void install(TextArea area) {
        area.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() != KeyCode.TAB || e.isControlDown() || e.isAltDown() || e.isMetaDown()) return;
            e.consume();
            area.requestFocusTraversal(e.isShiftDown() ? TraversalDirection.PREVIOUS : TraversalDirection.NEXT);
        });
    }
}
