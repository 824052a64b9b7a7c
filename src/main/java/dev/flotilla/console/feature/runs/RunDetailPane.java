package dev.flotilla.console.feature.runs;

import dev.flotilla.console.fleet.RunInfo;
import dev.flotilla.console.fx.Dialogs;
import dev.flotilla.console.fx.TabTraversal;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The selected run: where it ran, how often it was tried, where its time went, and what went in and came out. */
final class RunDetailPane {

    private final RunsViewModel model;
    private final VBox box = new VBox(10);
    private final Label title = new Label();
    private final Label hint = new Label("Select a run to see where it ran, how long it waited and ran, its input and its output.");
    private final Label status = new Label();
    private final Label simulated = new Label("simulated");
    private final Label fallback = new Label("fallback");
    private final TimelineView timeline = new TimelineView();
    private final Label timelineCaption = caption("Timeline");
    private final GridPane facts = new GridPane();
    private final TextArea input = readOnly("run-detail-input", 4);
    private final TextArea output = readOnly("run-detail-output", 8);
    private final Label error = new Label();
    private final Button cancel = new Button("Cancel run…");
    private final VBox body;
    private final ScrollPane scroll = new ScrollPane(box);

    RunDetailPane(RunsViewModel model) {
        this.model = model;
        box.setId("run-detail");
        box.setPadding(new Insets(12));
        title.getStyleClass().add("section-title");
        title.setId("run-detail-id");
        hint.setId("run-detail-hint");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        status.setId("run-detail-status");
        status.getStyleClass().add("status-chip");
        simulated.setId("run-detail-simulated");
        simulated.getStyleClass().add("badge");
        simulated.visibleProperty().bind(model.detailSimulatedProperty());
        simulated.managedProperty().bind(simulated.visibleProperty());
        fallback.setId("run-detail-fallback-badge");
        fallback.getStyleClass().addAll("badge", "fallback-badge");
        fallback.managedProperty().bind(fallback.visibleProperty());
        timelineCaption.getStyleClass().add("group-caption");
        timelineCaption.managedProperty().bind(timelineCaption.visibleProperty());
        timeline.root().managedProperty().bind(timeline.root().visibleProperty());
        timeline.root().visibleProperty().bind(timelineCaption.visibleProperty());
        error.setId("run-detail-error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.managedProperty().bind(error.visibleProperty());
        cancel.setId("run-cancel");
        cancel.disableProperty().bind(model.canCancelBinding().not());
        cancel.setOnAction(e -> confirmCancel());
        facts.getStyleClass().add("facts");
        facts.setHgap(12);
        facts.setVgap(3);
        // the pane is narrow: the chips keep their words (never "succee…"), and Cancel goes to the next
        // line when they leave no room for it
        for (Label chip : List.of(status, simulated, fallback)) chip.setMinWidth(Region.USE_PREF_SIZE);
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        FlowPane chips = new FlowPane(6, 6, status, simulated, fallback, cancel);
        chips.setAlignment(Pos.CENTER_LEFT);
        body = new VBox(10, chips, error, facts, timelineCaption, timeline.root(), caption("Input"), input, caption("Output"), output);
        VBox.setVgrow(body, Priority.ALWAYS);
        body.managedProperty().bind(body.visibleProperty());
        hint.managedProperty().bind(hint.visibleProperty());
        box.getChildren().addAll(title, hint, body);
        scroll.setFitToWidth(true);
        // the pane scrolls; it must not grow the page, or the prompt box below jumps with each selection
        scroll.setPrefViewportHeight(200);
        scroll.getStyleClass().add("detail-scroll");
        model.detailProperty().addListener((o, was, run) -> show(run));
        // a streamed answer shows as it grows, until the run's stored output replaces it
        model.streamingOutputProperty().addListener((o, was, now) -> showStreaming(model.detailProperty().get(), now));
        model.detailFactsProperty().addListener((o, was, now) -> showFacts(now));
        model.detailTimelineProperty().addListener((o, was, now) -> showTimeline(now));
        showTimeline(model.detailTimelineProperty().get());
        show(model.detailProperty().get());
    }

    Region root() {
        return scroll;
    }

    private void show(RunInfo run) {
        boolean has = run != null;
        body.setVisible(has);
        hint.setVisible(!has);
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
        input.setText(run.input() == null ? "" : run.input());
        output.setText(run.output() == null ? "" : run.output());
        output.setPromptText(run.status() != null && run.status().active() ? "waiting for the agent…" : "no output");
        showStreaming(run, model.streamingOutputProperty().get());
        fallback.setVisible(run.fallbackReason() != null && !run.fallbackReason().isBlank());
        error.setVisible(run.error() != null);
        error.setText(run.error() == null ? "" : run.error().message() + " (" + run.error().code() + ")");
    }

    /** While the run is active and has no stored output, its answer so far, scrolled to the end. */
    private void showStreaming(RunInfo run, String soFar) {
        if (run == null || run.output() != null || soFar == null || soFar.isEmpty()) return;
        if (run.status() != null && !run.status().active()) return;
        output.setText(soFar);
        output.positionCaret(soFar.length());
    }

    /** The facts in their groups, each group under a small heading. */
    private void showFacts(List<RunFacts.Fact> all) {
        facts.getChildren().clear();
        int row = 0;
        String group = null;
        for (RunFacts.Fact f : all) {
            if (!f.group().equals(group)) {
                group = f.group();
                Label heading = caption(group);
                GridPane.setMargin(heading, new Insets(row == 0 ? 0 : 6, 0, 0, 0));
                facts.add(heading, 0, row++, 2, 1);
            }
            Label name = new Label(f.name());
            name.getStyleClass().add("fact-name");
            // a long value wraps; its name keeps its width and stays on the value's first line
            name.setMinWidth(Region.USE_PREF_SIZE);
            GridPane.setValignment(name, VPos.TOP);
            Label value = new Label(f.value());
            value.getStyleClass().add("fact-value");
            value.setWrapText(true);
            value.setId("run-detail-" + f.name().toLowerCase(Locale.ROOT).replace(' ', '-'));
            facts.addRow(row++, name, value);
        }
    }

    /** Runs from nodes without timelines show no timeline section at all, as before. */
    private void showTimeline(List<TimelineSteps.Step> steps) {
        timelineCaption.setVisible(!steps.isEmpty());
        timeline.show(steps);
    }

    private void confirmCancel() {
        RunInfo run = model.detailProperty().get();
        if (run == null || run.status() == null) return;
        Dialogs.confirm("Cancel run", "Cancel this " + run.status().wire() + " run?",
                        "The agent stops working on " + run.id() + " and the run ends as cancelled. This cannot be undone.")
                .yes("Cancel run", "confirm-cancel-run")
                .no("Keep it")
                .show(box, model::cancelSelected);
    }

    private static TextArea readOnly(String id, int rows) {
        TextArea t = new TextArea();
        t.setId(id);
        t.setEditable(false);
        t.setWrapText(true);
        t.setPrefRowCount(rows);
        t.setPrefColumnCount(20);
        TabTraversal.install(t);
        VBox.setVgrow(t, rows > 4 ? Priority.ALWAYS : Priority.NEVER);
        return t;
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("caption");
        return l;
    }
}
