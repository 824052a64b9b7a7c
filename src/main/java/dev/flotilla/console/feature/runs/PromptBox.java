package dev.flotilla.console.feature.runs;

import dev.flotilla.console.fx.Labels;
import dev.flotilla.console.fx.TabTraversal;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** Agent chooser, prompt and Submit; Shortcut+Enter submits from the text area, Tab leaves it. */
final class PromptBox {

    private static final KeyCombination SUBMIT = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    /** JavaFX shows Enter as an arrow glyph, which reads poorly in running text. */
    private static final String SUBMIT_KEYS = SUBMIT.getDisplayText().replace("\u21B5", "Enter");

    private final VBox box = new VBox(6);
    private final TextArea text = new TextArea();

    PromptBox(PromptViewModel model) {
        box.setId("prompt-box");
        ComboBox<String> agent = new ComboBox<>(model.agents());
        agent.setId("prompt-agent");
        agent.valueProperty().bindBidirectional(model.agentProperty());
        agent.setPromptText("agent");
        text.setId("prompt-input");
        text.setPromptText("Write a prompt for the agent… (" + SUBMIT_KEYS + " submits)");
        text.setPrefRowCount(3);
        text.setWrapText(true);
        text.textProperty().bindBidirectional(model.inputProperty());
        text.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (SUBMIT.match(e)) {
                model.submit();
                e.consume();
            }
        });
        TabTraversal.install(text);
        HBox.setHgrow(text, Priority.ALWAYS);
        Button submit = new Button("Submit");
        submit.setId("prompt-submit");
        submit.getStyleClass().add("accent");
        submit.disableProperty().bind(model.submittingProperty().or(model.mayOperateBinding().not()));
        submit.setTooltip(new Tooltip("Submit the prompt as a new run (" + SUBMIT_KEYS + ")"));
        submit.setOnAction(e -> model.submit());
        VBox side = new VBox(6, agent, submit);
        side.setAlignment(Pos.TOP_LEFT);
        agent.setMaxWidth(Double.MAX_VALUE);
        submit.setMaxWidth(Double.MAX_VALUE);
        Label message = Labels.feedback("prompt-message", model.messageProperty(), model.messageIsErrorProperty());
        box.getChildren().addAll(new HBox(8, Labels.sectionTitle("New run"), Labels.gap(), message), new HBox(8, text, side));
    }

    Node root() {
        return box;
    }

    void focus() {
        text.requestFocus();
    }
}
