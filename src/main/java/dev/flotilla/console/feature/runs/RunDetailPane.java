package dev.flotilla.console.feature.runs;

import dev.flotilla.console.fleet.RunInfo;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The selected run: what went in, what came out, what it cost, where and when it ran. */
final class RunDetailPane {

    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");

    private final RunsViewModel model;
    private final VBox box = new VBox(10);
    private final Label title = new Label("No run selected");
    private final Label status = new Label();
    private final Label simulated = new Label("simulated");
    private final GridPane facts = new GridPane();
    private final TextArea input = readOnly("run-detail-input", 4);
    private final TextArea output = readOnly("run-detail-output", 8);
    private final Label error = new Label();
    private final Button cancel = new Button("Cancel run…");
    private final ScrollPane scroll = new ScrollPane(box);

    RunDetailPane(RunsViewModel model) {
        this.model = model;
        box.setId("run-detail");
        box.setPadding(new Insets(12));
        title.getStyleClass().add("section-title");
        title.setId("run-detail-id");
        status.setId("run-detail-status");
        status.getStyleClass().add("status-chip");
        simulated.setId("run-detail-simulated");
        simulated.getStyleClass().add("badge");
        simulated.visibleProperty().bind(model.detailSimulatedProperty());
        simulated.managedProperty().bind(simulated.visibleProperty());
        error.setId("run-detail-error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.managedProperty().bind(error.visibleProperty());
        cancel.setId("run-cancel");
        cancel.disableProperty().bind(model.canCancelBinding().not());
        cancel.setOnAction(e -> confirmCancel());
        facts.getStyleClass().add("facts");
        facts.setHgap(12);
        facts.setVgap(4);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox chips = new HBox(6, status, simulated, gap, cancel);
        chips.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        box.getChildren().addAll(title, chips, facts, caption("Input"), input, caption("Output"), output, error);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("detail-scroll");
        model.detailProperty().addListener((o, was, run) -> show(run));
        show(null);
    }

    Region root() {
        return scroll;
    }

    private void show(RunInfo run) {
        facts.getChildren().clear();
        boolean has = run != null;
        input.setVisible(has);
        output.setVisible(has);
        cancel.setVisible(has);
        status.setVisible(has);
        if (!has) {
            title.setText("No run selected");
            input.clear();
            output.clear();
            error.setVisible(false);
            return;
        }
        title.setText(run.id());
        status.setText(run.status() == null ? "" : run.status().wire());
        status.getStyleClass().removeIf(c -> c.startsWith("status-") && !c.equals("status-chip"));
        if (run.status() != null) status.getStyleClass().add("status-" + run.status().wire());
        int row = 0;
        row = fact(row, "Agent", run.agent());
        row = fact(row, "Node", run.node());
        row = fact(row, "Model", run.model());
        row = fact(row, "Attempts", run.attempts() == null ? null : run.attempts().toString());
        row = fact(row, "Session", run.sessionId());
        row = fact(row, "Created", RunFormat.dateTime(run.createdAt()));
        row = fact(row, "Started", RunFormat.dateTime(run.startedAt()));
        row = fact(row, "Finished", RunFormat.dateTime(run.finishedAt()));
        row = fact(row, "Duration", RunFormat.duration(run.durationMs()));
        if (run.usage() != null) {
            fact(row, "Tokens", run.usage().totalTokens() + " (prompt " + run.usage().promptTokens()
                    + ", completion " + run.usage().completionTokens() + ")");
        }
        input.setText(run.input() == null ? "" : run.input());
        output.setText(run.output() == null ? "" : run.output());
        output.setPromptText(run.status() != null && run.status().active() ? "waiting for the agent…" : "no output");
        error.setVisible(run.error() != null);
        error.setText(run.error() == null ? "" : run.error().code() + ": " + run.error().message());
        error.pseudoClassStateChanged(ERROR, run.error() != null);
    }

    private int fact(int row, String name, String value) {
        if (value == null || value.isBlank()) return row;
        Label k = new Label(name);
        k.getStyleClass().add("fact-name");
        Label v = new Label(value);
        v.getStyleClass().add("fact-value");
        v.setId("run-detail-" + name.toLowerCase());
        facts.addRow(row, k, v);
        return row + 1;
    }

    private void confirmCancel() {
        RunInfo run = model.detailProperty().get();
        if (run == null) return;
        ButtonType yes = new ButtonType("Cancel run", ButtonBar.ButtonData.OK_DONE);
        ButtonType no = new ButtonType("Keep it", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION,
                "The agent stops working on " + run.id() + " and the run ends as cancelled. This cannot be undone.", yes, no);
        alert.setTitle("Cancel run");
        alert.setHeaderText("Cancel this " + run.status().wire() + " run?");
        if (box.getScene() != null) alert.initOwner(box.getScene().getWindow());
        alert.getDialogPane().lookupButton(yes).setId("confirm-cancel-run");
        // show(), not showAndWait(): no nested event loop, the answer arrives as a callback
        alert.resultProperty().addListener((o, was, answer) -> {
            if (answer == yes) model.cancelSelected();
        });
        alert.show();
    }

    private static TextArea readOnly(String id, int rows) {
        TextArea t = new TextArea();
        t.setId(id);
        t.setEditable(false);
        t.setWrapText(true);
        t.setPrefRowCount(rows);
        t.setPrefColumnCount(20);
        VBox.setVgrow(t, rows > 4 ? Priority.ALWAYS : Priority.NEVER);
        return t;
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("caption");
        return l;
    }
}
