package dev.flotilla.console.fx;

import java.util.Objects;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;

/**
 * Dialogs that look like the window they belong to and never block the FX thread: they are shown
 * with {@code show()}, not {@code showAndWait()}, so no nested event loop runs and the answer arrives
 * as a callback. Each has a cancel button, so Escape closes it.
 */
public final class Dialogs {

    private Dialogs() {}

    /** A dialog is a scene of its own: it gets the owner's style sheets, so it follows the theme. */
    public static void attach(Dialog<?> dialog, Node anchor) {
        Scene scene = anchor == null ? null : anchor.getScene();
        Window owner = scene == null ? null : scene.getWindow();
        if (owner == null) return;
        dialog.initOwner(owner);
        dialog.getDialogPane().getStylesheets().setAll(scene.getStylesheets());
    }

    /** Starts a confirmation: {@code question} is the header, {@code consequence} says what will happen. */
    public static Confirm confirm(String title, String question, String consequence) {
        return new Confirm(title, question, consequence);
    }

    /** Starts a confirmation with the words a view-model chose; {@code yesId} names the button for tests. */
    public static Confirm confirm(Confirmation words, String yesId) {
        return new Confirm(words.title(), words.question(), words.consequence()).yes(words.yes(), yesId);
    }

    public static final class Confirm {
        private final String title;
        private final String question;
        private final String consequence;
        private String yes = "OK";
        private String yesId;
        private String no = "Cancel";
        private boolean destructive;
        private ObservableValue<String> following;
        private Runnable whenClosed = () -> { };

        private Confirm(String title, String question, String consequence) {
            this.title = Objects.requireNonNull(title, "title");
            this.question = Objects.requireNonNull(question, "question");
            this.consequence = Objects.requireNonNull(consequence, "consequence");
        }

        /** The label of the button that goes ahead, and its node id for tests. */
        public Confirm yes(String label, String id) {
            this.yes = label;
            this.yesId = id;
            return this;
        }

        /** The label of the button that leaves everything as it is (Escape does the same). */
        public Confirm no(String label) {
            this.no = label;
            return this;
        }

        /**
         * While the dialog is open its consequence follows {@code consequence} (facts that change
         * under it, such as runs in flight); {@code whenClosed} runs once it is closed, however.
         */
        public Confirm following(ObservableValue<String> consequence, Runnable whenClosed) {
            this.following = Objects.requireNonNull(consequence, "consequence");
            this.whenClosed = Objects.requireNonNull(whenClosed, "whenClosed");
            return this;
        }

        /** Styles the button that goes ahead as destructive (discarding, deleting). */
        public Confirm destructive() {
            this.destructive = true;
            return this;
        }

        /** Shows the question near {@code anchor}; {@code onYes} runs on the FX thread only if confirmed. */
        public void show(Node anchor, Runnable onYes) {
            ButtonType go = new ButtonType(yes, ButtonBar.ButtonData.OK_DONE);
            ButtonType keep = new ButtonType(no, ButtonBar.ButtonData.CANCEL_CLOSE);
            Alert alert = new Alert(Alert.AlertType.CONFIRMATION, consequence, go, keep);
            alert.setTitle(title);
            alert.setHeaderText(question);
            attach(alert, anchor);
            Node goButton = alert.getDialogPane().lookupButton(go);
            if (yesId != null) goButton.setId(yesId);
            if (destructive) {
                goButton.getStyleClass().add("danger");
                // a destructive answer must be chosen, not reached by pressing Enter
                ((Button) goButton).setDefaultButton(false);
                ((Button) alert.getDialogPane().lookupButton(keep)).setDefaultButton(true);
            }
            if (following != null) alert.contentTextProperty().bind(following);
            alert.setOnHidden(e -> {
                alert.contentTextProperty().unbind();
                whenClosed.run();
            });
            alert.resultProperty().addListener((o, was, answer) -> {
                if (answer == go) onYes.run();
            });
            alert.show();
        }
    }
}
