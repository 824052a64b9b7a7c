package dev.flotilla.console.shell;

import dev.flotilla.console.fleet.ConnectionState;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.layout.StackPane;
import org.controlsfx.control.MaskerPane;

/**
 * While the selected fleet is being started (the local fleet takes a few seconds), the pages are
 * covered by a spinner that says so, instead of every page saying it has nothing yet.
 */
final class StartingMask {

    private final MaskerPane mask = new MaskerPane();

    StartingMask(ShellViewModel model) {
        mask.setId("starting-mask");
        mask.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> model.activeSessionProperty().get() == null && model.stateProperty().get() instanceof ConnectionState.Connecting,
                model.activeSessionProperty(), model.stateProperty()));
        mask.textProperty().bind(Bindings.createStringBinding(() -> capitalized(model.stateTextProperty().get()),
                model.stateTextProperty()));
    }

    /** {@code content} with the mask over it. */
    Node over(Node content) {
        return new StackPane(content, mask);
    }

    private static String capitalized(String s) {
        return s == null || s.isEmpty() ? "" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
