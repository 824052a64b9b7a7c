package dev.flotilla.console.feature.sidebar;

import dev.flotilla.console.fx.Dialogs;
import dev.flotilla.console.fx.Fxml;
import java.util.Optional;
import java.util.function.Function;
import javafx.event.ActionEvent;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;

/**
 * Asks for a remote fleet's URL and API key (the form is AddFleetDialog.fxml). OK runs
 * {@code onSubmit}; when it answers with a problem, the dialog stays open and shows it, so nothing
 * the operator typed is lost. The key field masks what is typed, and the key is never shown again
 * after this dialog.
 */
final class AddFleetDialog {

    private final Dialog<ButtonType> dialog = new Dialog<>();
    @FXML private TextField url;
    @FXML private PasswordField key;
    @FXML private TextField name;
    @FXML private Label problem;
    @FXML private ButtonType add;
    /** The URL whose clear-text warning the operator has seen; null when none was shown. */
    private String warnedFor;

    AddFleetDialog(Node anchor, Function<RemoteFleetForm, Optional<String>> onSubmit) {
        DialogPane pane = Fxml.load(this, "AddFleetDialog.fxml");
        dialog.setDialogPane(pane);
        dialog.setTitle("Add remote fleet");
        Dialogs.attach(dialog, anchor);
        Button ok = (Button) pane.lookupButton(add);
        ok.setId("add-fleet-ok");
        // validate on OK and keep the dialog open on a problem, rather than closing and losing the input
        String okText = ok.getText();
        url.textProperty().addListener((o, was, now) -> {
            warnedFor = null;
            ok.setText(okText);
        });
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            // a key about to go out in clear: say so once, and send it only when asked again
            Optional<String> clear = form().problem().isEmpty() ? form().plainTextWarning() : Optional.empty();
            if (clear.isPresent() && !form().url().equals(warnedFor)) {
                warnedFor = form().url();
                problem.setText(clear.get());
                ok.setText("Send the key unencrypted");
                e.consume();
                return;
            }
            Optional<String> p = onSubmit.apply(form());
            if (p.isPresent()) {
                problem.setText(p.get());
                e.consume();
            }
        });
        dialog.setOnShown(e -> url.requestFocus());
    }

    /** What the form holds now. */
    RemoteFleetForm form() {
        return new RemoteFleetForm(name.getText(), url.getText(), key.getText());
    }

    /** Shows the dialog without blocking; it closes itself on success or Cancel. */
    void show() {
        dialog.show();
    }
}
