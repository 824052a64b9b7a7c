package dev.flotilla.console.feature.sidebar;

import dev.flotilla.console.fx.Dialogs;
import java.util.Optional;
import java.util.function.Function;
import javafx.event.ActionEvent;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/**
 * Asks for a remote fleet's URL and API key. OK runs {@code onSubmit}; when it answers with a
 * problem, the dialog stays open and shows it, so nothing the operator typed is lost. The key field
 * masks what is typed, and the key is never shown again after this dialog.
 */
final class AddFleetDialog {

    private final Dialog<ButtonType> dialog = new Dialog<>();

    AddFleetDialog(Node anchor, Function<RemoteFleetForm, Optional<String>> onSubmit) {
        dialog.setTitle("Add remote fleet");
        dialog.setHeaderText("Connect to a Flotilla node on another machine");
        Dialogs.attach(dialog, anchor);
        TextField url = new TextField();
        url.setId("fleet-url");
        url.setPromptText("http://fleet.example:8080");
        url.setPrefColumnCount(28);
        PasswordField key = new PasswordField();
        key.setId("fleet-key");
        key.setPromptText("the node's API key");
        TextField name = new TextField();
        name.setId("fleet-name");
        name.setPromptText("optional, e.g. Production");
        Label problem = new Label();
        problem.setId("fleet-problem");
        problem.getStyleClass().add("error-text");
        problem.setWrapText(true);
        GridPane form = new GridPane();
        form.setId("add-fleet-form");
        form.setHgap(10);
        form.setVgap(8);
        form.setPadding(new Insets(10));
        // the required fields first, in the order Tab visits them; Enter adds, Escape cancels
        form.addRow(0, new Label("URL"), url);
        form.addRow(1, new Label("API key"), key);
        form.addRow(2, new Label("Name"), name);
        form.add(problem, 0, 3, 2, 1);
        ButtonType add = new ButtonType("Add and connect", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(add, ButtonType.CANCEL);
        dialog.getDialogPane().setContent(form);
        dialog.getDialogPane().getStyleClass().add("add-fleet-dialog");
        Button ok = (Button) dialog.getDialogPane().lookupButton(add);
        ok.setId("add-fleet-ok");
        // validate on OK and keep the dialog open on a problem, rather than closing and losing the input
        ok.addEventFilter(ActionEvent.ACTION, e -> {
            Optional<String> p = onSubmit.apply(new RemoteFleetForm(name.getText(), url.getText(), key.getText()));
            if (p.isPresent()) {
                problem.setText(p.get());
                e.consume();
            }
        });
        dialog.setOnShown(e -> url.requestFocus());
    }

    /** Shows the dialog without blocking; it closes itself on success or Cancel. */
    void show() {
        dialog.show();
    }
}
