package dev.flotilla.console.page;

import java.util.Map;
import javafx.scene.Parent;
import javafx.scene.input.KeyCombination;

/** A page's view as the shell hosts it: its root, and keys that act on it (the shell shows the page first). */
public interface PageView {

    Parent root();

    /** More keys than the one that shows the page, e.g. Shortcut+N for the runs page's prompt. */
    default Map<KeyCombination, Runnable> keys() {
        return Map.of();
    }
}
